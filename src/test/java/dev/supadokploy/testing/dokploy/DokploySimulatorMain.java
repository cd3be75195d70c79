package dev.supadokploy.testing.dokploy;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link DokploySimulator} on its own so a person can point supa-dokploy at it and try commands by hand.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.cp
 * java -cp target/test-classes:target/classes:$(cat target/test.cp) \
 *     dev.supadokploy.testing.dokploy.DokploySimulatorMain --port 3000 --api-key dev-key
 * </pre>
 * or, with the exec plugin: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.supadokploy.testing.dokploy.DokploySimulatorMain -Dexec.args="--port 3000 --api-key dev-key"}.
 * Run it from the project directory: the Supabase template is read from {@code ../shared/dokploy/}.
 * Options: {@code --port N} (0 = any), {@code --api-key KEY}, {@code --version v0.30.0}, {@code --deploy-ms N}
 * (how long a deploy runs; 3000 by default so a person sees it go by), {@code --log-every-ms N} (how often each
 * container logs a line, for {@code monitor logs --follow}; 5000 by default, 0 for never), {@code --stack NAME}
 * (deploy a Supabase stack from the template in a project NAME before saying ready, and print its composeId;
 * repeatable), {@code --sick SERVICE} (that service never turns healthy after a deploy, e.g. auth), {@code --template
 * july|pr1068|envoy} (the Supabase template deployTemplate serves: {@link SupabaseTemplates}).
 *
 * <p>When ready it prints its URL, then {@code export} lines to paste into the shell that runs supa-dokploy:
 * {@code DOKPLOY_URL}, {@code DOKPLOY_API_KEY}, and {@code SUPA_DOKPLOY_CONNECT_TO} / {@code SUPA_DOKPLOY_CA_FILE},
 * which send the deployed stacks' public URLs ({@code http(s)://…sslip.io}, {@code …traefik.me} before v0.29.3) to the simulator's fake Supabase edge.
 */
public final class DokploySimulatorMain {

    private DokploySimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        DokploySimulator simulator;
        try {
            simulator = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Parses the options, starts the simulator and prints the ready line; the caller closes it. */
    static DokploySimulator start(String[] args, PrintStream out) {
        DokploySimulator.Options options = DokploySimulator.Options.defaults()
                .withPort(3000)
                .withApiKey("dev-key")
                .withDeployDuration(Duration.ofSeconds(3));
        Duration logEvery = Duration.ofSeconds(5);
        List<String> stacks = new ArrayList<>();
        String sick = null;
        SupabaseTemplates.Variant template = SupabaseTemplates.Variant.JULY;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> options = options.withPort(Integer.parseInt(require(args[i], value)));
                case "--api-key" -> options = options.withApiKey(require(args[i], value));
                case "--version" -> options = options.withVersion(require(args[i], value));
                case "--deploy-ms" ->
                    options = options.withDeployDuration(Duration.ofMillis(Long.parseLong(require(args[i], value))));
                case "--log-every-ms" -> logEvery = Duration.ofMillis(Long.parseLong(require(args[i], value)));
                case "--stack" -> stacks.add(require(args[i], value));
                case "--sick" -> sick = require(args[i], value);
                case "--template" ->
                    template = SupabaseTemplates.Variant.valueOf(
                            require(args[i], value).toUpperCase(java.util.Locale.ROOT));
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i]
                                    + " (known: --port, --api-key, --version, --deploy-ms, --log-every-ms, --stack, --sick, --template)");
            }
        }
        DokploySimulator simulator = DokploySimulator.start(options);
        simulator.logEvery(logEvery);
        simulator.unhealthyService(sick, null);
        simulator.supabaseTemplate(template);
        for (String project : stacks) {
            DeployedStack stack = DeployedStack.deploy(simulator, project);
            out.println("Stack in project " + project + ": --compose-id " + stack.composeId() + " (appName "
                    + stack.appName() + ")");
        }
        out.println("Dokploy simulator " + options.version() + " ready at " + simulator.url() + " (x-api-key: "
                + simulator.apiKey() + "); Ctrl-C stops it. For supa-dokploy:");
        Map<String, String> env = new TreeMap<>(simulator.edge().clientEnv());
        out.println("export DOKPLOY_URL=" + shellQuote(simulator.url()));
        out.println("export DOKPLOY_API_KEY=" + shellQuote(simulator.apiKey()));
        env.forEach((name, value) -> out.println("export " + name + "=" + shellQuote(value)));
        out.flush();
        return simulator;
    }

    private static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
