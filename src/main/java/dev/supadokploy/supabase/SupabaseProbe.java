package dev.supadokploy.supabase;

import dev.supadokploy.config.Secret;
import dev.supadokploy.util.HttpRouting;
import dev.supadokploy.util.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Checks a deployed stack from the outside, as its clients will use it: through the public URL (Traefik, then
 * Kong), with the anon and service-role keys. It proves what a green container list cannot: that the keys in the
 * running stack are the ones we hold, that they carry the right roles, and that the anon key is not an admin key.
 *
 * <p>Until the gateway answers (routing not yet in place, certificate not yet issued, containers restarting) a
 * check is retried within the given patience; an answer that judges the keys is final.
 */
public final class SupabaseProbe {
    /** Gateway answers that mean "not ready yet" rather than "wrong key". */
    private static final List<Integer> NOT_READY = List.of(404, 502, 503, 504);

    public record Check(String name, String url, Integer status, boolean passed, String detail) {}

    public record Report(String baseUrl, boolean passed, List<Check> checks) {
        public List<Check> failures() {
            return checks.stream().filter(c -> !c.passed()).toList();
        }
    }

    private final OkHttpClient http;
    private final Clock clock;

    public SupabaseProbe(HttpRouting routing, Clock clock) {
        this.http = routing.applyTo(new OkHttpClient.Builder())
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(20))
                .followRedirects(
                        false) // an http→https redirect is a finding, and keys must not follow it to another host
                .build();
        this.clock = clock;
    }

    /**
     * Runs the five checks against {@code baseUrl} (e.g. https://supabase.example.com), retrying those that meet
     * a gateway that is not ready until {@code patience} has passed or {@code cancelled} says stop.
     */
    public Report probe(
            String baseUrl, Secret anonKey, Secret serviceKey, Duration patience, BooleanSupplier cancelled) {
        HttpUrl base = HttpUrl.parse(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        if (base == null) {
            return new Report(
                    baseUrl,
                    false,
                    List.of(new Check(
                            "public URL",
                            baseUrl,
                            null,
                            false,
                            "not an http(s) URL: check SUPABASE_PUBLIC_URL / API_EXTERNAL_URL")));
        }
        Instant deadline = clock.instant().plus(patience);
        List<Check> checks = new ArrayList<>();
        checks.add(expect(base, "auth health", "auth/v1/health", anonKey, Expect.OK, deadline, cancelled));
        checks.add(expect(base, "REST API with the anon key", "rest/v1/", anonKey, Expect.OK, deadline, cancelled));
        checks.add(expect(
                base,
                "auth admin with the service-role key",
                "auth/v1/admin/users?page=1&per_page=1",
                serviceKey,
                Expect.OK,
                deadline,
                cancelled));
        checks.add(expect(
                base,
                "auth admin refuses the anon key",
                "auth/v1/admin/users?page=1&per_page=1",
                anonKey,
                Expect.REFUSED,
                deadline,
                cancelled));
        checks.add(expect(base, "storage status", "storage/v1/status", anonKey, Expect.OK, deadline, cancelled));
        return new Report(base.toString(), checks.stream().allMatch(Check::passed), List.copyOf(checks));
    }

    private enum Expect {
        OK,
        REFUSED
    }

    private Check expect(
            HttpUrl base,
            String name,
            String path,
            Secret key,
            Expect expect,
            Instant deadline,
            BooleanSupplier cancelled) {
        HttpUrl url = base.resolve(path);
        Request request = new Request.Builder()
                .url(url)
                .header("apikey", key.reveal())
                .header("Authorization", "Bearer " + key.reveal())
                .header("Accept", "application/json")
                .build();
        String shown = url.newBuilder().query(null).build().toString();
        Duration pause = Duration.ofMillis(250);
        while (true) {
            Attempt attempt = attempt(request);
            boolean retry =
                    attempt.status() == null ? attempt.transientFailure() : NOT_READY.contains(attempt.status());
            if (!retry || !clock.instant().plus(pause).isBefore(deadline) || cancelled.getAsBoolean()) {
                return judge(name, shown, attempt, expect);
            }
            try {
                Sleeper.of(clock).sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return judge(name, shown, attempt, expect);
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(3)) > 0
                    ? Duration.ofSeconds(3)
                    : pause.multipliedBy(2);
        }
    }

    private record Attempt(Integer status, String body, String location, String failure, boolean transientFailure) {}

    private Attempt attempt(Request request) {
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            return new Attempt(
                    response.code(),
                    text.length() > 300 ? text.substring(0, 300) + "…" : text,
                    response.header("Location"),
                    null,
                    false);
        } catch (SSLException e) {
            // Let's Encrypt may not have issued the certificate yet: Traefik serves its default one meanwhile
            return new Attempt(
                    null,
                    null,
                    null,
                    "TLS failed: " + e.getMessage()
                            + " (the certificate may not be issued yet, or DNS does not point at the server)",
                    true);
        } catch (InterruptedIOException e) {
            return new Attempt(null, null, null, "no answer in time", true);
        } catch (IOException e) {
            return new Attempt(null, null, null, "unreachable: " + e.getMessage(), true);
        }
    }

    private static Check judge(String name, String url, Attempt attempt, Expect expect) {
        Integer status = attempt.status();
        if (status == null) {
            return new Check(name, url, null, false, attempt.failure());
        }
        if (status >= 300 && status < 400) {
            return new Check(
                    name,
                    url,
                    status,
                    false,
                    "redirected to " + attempt.location()
                            + ": serve the public URL the stack's env names (https when the domain has a certificate)");
        }
        boolean refused = status == 401 || status == 403;
        return switch (expect) {
            case OK ->
                status == 200
                        ? new Check(name, url, status, true, "answered 200")
                        : new Check(
                                name,
                                url,
                                status,
                                false,
                                (refused ? "key refused: " : "answered " + status + ": ") + attempt.body());
            case REFUSED ->
                refused
                        ? new Check(name, url, status, true, "refused with " + status + ", as it must")
                        : new Check(
                                name,
                                url,
                                status,
                                false,
                                status == 200
                                        ? "the anon key was accepted as an admin key: ANON_KEY and SERVICE_ROLE_KEY are not distinct roles"
                                        : "answered " + status + ": " + attempt.body());
        };
    }
}
