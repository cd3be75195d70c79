package dev.supadokploy.testing.dokploy;

import java.io.PrintStream;
import java.time.Duration;
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
 * (how long a deploy runs; 3000 by default so a person sees it go by).
 */
public final class DokploySimulatorMain {

    private DokploySimulatorMain() {
    }

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
                .withPort(3000).withApiKey("dev-key").withDeployDuration(Duration.ofSeconds(3));
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> options = options.withPort(Integer.parseInt(require(args[i], value)));
                case "--api-key" -> options = options.withApiKey(require(args[i], value));
                case "--version" -> options = options.withVersion(require(args[i], value));
                case "--deploy-ms" -> options = options.withDeployDuration(Duration.ofMillis(Long.parseLong(require(args[i], value))));
                default -> throw new IllegalArgumentException(
                        "unknown option " + args[i] + " (known: --port, --api-key, --version, --deploy-ms)");
            }
        }
        DokploySimulator simulator = DokploySimulator.start(options);
        out.println("Dokploy simulator " + options.version() + " ready at " + simulator.url()
                + " (x-api-key: " + simulator.apiKey() + "); Ctrl-C stops it");
        out.flush();
        return simulator;
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
