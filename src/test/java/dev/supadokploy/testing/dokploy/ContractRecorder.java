package dev.supadokploy.testing.dokploy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/**
 * An okhttp interceptor that checks every request going out and every answer coming back against
 * {@link OpenApiContract}, and keeps what does not fit. A test then says which violations it expected (an old
 * server's {@code projectId} input, a proxy's 503, Dokploy's code-less 401) and that nothing else turned up.
 * {@code /api/health} is not a tRPC procedure and is not in the document, so it is left out.
 */
public final class ContractRecorder implements Interceptor {

    private final OpenApiContract contract;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> checked = new CopyOnWriteArrayList<>();

    /** @param contract null when openapi.json is absent: then nothing is checked */
    public ContractRecorder(OpenApiContract contract) {
        this.contract = contract;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String path = request.url().encodedPath();
        boolean procedure = contract != null && !path.equals("/api/health");
        if (procedure) {
            Map<String, String> query = new LinkedHashMap<>();
            for (String name : request.url().queryParameterNames()) {
                query.put(name, request.url().queryParameter(name));
            }
            String body = null;
            if (request.body() != null) {
                Buffer buffer = new Buffer();
                request.body().writeTo(buffer);
                body = buffer.readUtf8();
            }
            violations.addAll(contract.validateRequest(request.method(), path, query, body));
        }
        Response response = chain.proceed(request);
        if (procedure) {
            String body = response.peekBody(Long.MAX_VALUE).string();
            violations.addAll(contract.validateResponse(request.method(), path, response.code(), body));
            checked.add(request.method() + " " + path + " -> " + response.code());
        }
        return response;
    }

    public boolean active() {
        return contract != null;
    }

    /** Every exchange checked so far, as {@code METHOD path -> status}. */
    public List<String> checked() {
        return List.copyOf(checked);
    }

    /** Takes out and returns the violations containing {@code fragment}: the ones a test expected. */
    public List<String> expect(String fragment) {
        List<String> taken = new ArrayList<>();
        for (String violation : violations) {
            if (violation.contains(fragment)) {
                taken.add(violation);
            }
        }
        violations.removeAll(taken);
        return taken;
    }

    /** What is left after the expected ones were taken out. */
    public List<String> unexpected() {
        return List.copyOf(violations);
    }
}
