package dev.supadokploy.util;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

/**
 * How HTTP connections reach their hosts, set by two environment variables every HTTP client of the tool honours:
 * <ul>
 *   <li>{@code SUPA_DOKPLOY_CONNECT_TO}: comma-separated {@code HOST:PORT:CONNECT_HOST:CONNECT_PORT} rules, as
 *   curl's {@code --connect-to} (an empty HOST or PORT matches any). The URL, the TLS server name and the
 *   certificate check stay those of the original host: this is for probing a stack before its DNS record points
 *   at the server, or through a tunnel.</li>
 *   <li>{@code SUPA_DOKPLOY_CA_FILE}: a PEM file of extra certificate authorities to trust besides the JVM's (a
 *   private CA, a staging issuer), like {@code NODE_EXTRA_CA_CERTS}.</li>
 * </ul>
 */
public record HttpRouting(List<ConnectTo> connectTo, List<X509Certificate> extraAuthorities) {
    public static final String CONNECT_TO_VARIABLE = "SUPA_DOKPLOY_CONNECT_TO";
    public static final String CA_FILE_VARIABLE = "SUPA_DOKPLOY_CA_FILE";
    public static final HttpRouting DIRECT = new HttpRouting(List.of(), List.of());

    /** One rule: connections for {@code host:port} (null = any) go to {@code toHost:toPort} instead. */
    public record ConnectTo(String host, Integer port, String toHost, int toPort) {
        boolean matchesHost(String name) {
            return host == null || host.equalsIgnoreCase(name);
        }

        boolean matches(String name, int port) {
            return matchesHost(name) && (this.port == null || this.port == port);
        }
    }

    public HttpRouting {
        connectTo = List.copyOf(connectTo);
        extraAuthorities = List.copyOf(extraAuthorities);
    }

    public static HttpRouting fromEnv(Map<String, String> env) {
        String rules = env.get(CONNECT_TO_VARIABLE);
        String caFile = env.get(CA_FILE_VARIABLE);
        List<ConnectTo> parsed = rules == null || rules.isBlank() ? List.of() : parseRules(rules);
        List<X509Certificate> authorities =
                caFile == null || caFile.isBlank() ? List.of() : readAuthorities(Path.of(caFile));
        return new HttpRouting(parsed, authorities);
    }

    public boolean isDirect() {
        return connectTo.isEmpty() && extraAuthorities.isEmpty();
    }

    /** Applies the rules to a client under construction; a direct routing leaves it untouched. */
    public OkHttpClient.Builder applyTo(OkHttpClient.Builder builder) {
        if (!connectTo.isEmpty()) {
            builder.dns(this::lookup).socketFactory(new RoutingSocketFactory());
        }
        if (!extraAuthorities.isEmpty()) {
            X509TrustManager trust = trustManager();
            try {
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, new TrustManager[] {trust}, null);
                builder.sslSocketFactory(tls.getSocketFactory(), trust);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("TLS unavailable in this JVM", e);
            }
        }
        return builder;
    }

    static List<ConnectTo> parseRules(String text) {
        List<ConnectTo> rules = new ArrayList<>();
        for (String rule : text.split(",")) {
            String[] parts = rule.strip().split(":", -1);
            if (parts.length != 4 || parts[2].isBlank() || parts[3].isBlank()) {
                throw badRules(rule.strip());
            }
            try {
                Integer port = parts[1].isBlank() ? null : Integer.valueOf(parts[1]);
                rules.add(new ConnectTo(
                        parts[0].isBlank() ? null : parts[0].toLowerCase(Locale.ROOT),
                        port,
                        parts[2],
                        Integer.parseInt(parts[3])));
            } catch (NumberFormatException e) {
                throw badRules(rule.strip());
            }
        }
        return rules;
    }

    private static SupaException badRules(String rule) {
        return new SupaException(
                ErrorCode.CONFIGURATION_INVALID,
                CONNECT_TO_VARIABLE + " has a malformed rule: '" + rule + "'",
                "Write rules as HOST:PORT:CONNECT_HOST:CONNECT_PORT, comma-separated (an empty HOST or PORT matches any), "
                        + "e.g. supabase.example.com:443:203.0.113.7:443; or unset the variable.");
    }

    private static List<X509Certificate> readAuthorities(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in it");
            }
            return certificates.stream().map(X509Certificate.class::cast).toList();
        } catch (IOException | GeneralSecurityException e) {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_INVALID,
                    CA_FILE_VARIABLE + " names " + file + ", which cannot be read as PEM certificates: "
                            + e.getMessage(),
                    "Point it at a PEM file of CA certificates (-----BEGIN CERTIFICATE-----), or unset it.");
        }
    }

    /** The JVM's trusted authorities plus the extra ones. */
    private X509TrustManager trustManager() {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (TrustManager manager : defaults.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate issuer : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("jvm-" + n++, issuer);
                    }
                }
            }
            for (X509Certificate extra : extraAuthorities) {
                store.setCertificateEntry("extra-" + n++, extra);
            }
            TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            combined.init(store);
            for (TrustManager manager : combined.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 trust manager in this JVM");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the trust store", e);
        }
    }

    /**
     * Names a rule redirects need not resolve (the DNS record may not exist yet): they get the target's address,
     * labelled with the original name so that {@link RoutingSocketFactory} can still match the rule by name and port.
     */
    private List<InetAddress> lookup(String hostname) throws UnknownHostException {
        Optional<ConnectTo> rule =
                connectTo.stream().filter(r -> r.matchesHost(hostname)).findFirst();
        if (rule.isEmpty()) {
            return Dns.SYSTEM.lookup(hostname);
        }
        List<InetAddress> labelled = new ArrayList<>();
        for (InetAddress target : InetAddress.getAllByName(rule.get().toHost())) {
            labelled.add(InetAddress.getByAddress(hostname, target.getAddress()));
        }
        return labelled;
    }

    private Optional<InetSocketAddress> redirect(SocketAddress endpoint) {
        if (!(endpoint instanceof InetSocketAddress address) || address.getAddress() == null) {
            return Optional.empty();
        }
        String name = address.getAddress().getHostName(); // the label set by lookup(): no reverse DNS happens
        return connectTo.stream()
                .filter(r -> r.matches(name, address.getPort()))
                .findFirst()
                .map(r -> new InetSocketAddress(r.toHost(), r.toPort()));
    }

    /** Plain sockets that connect where a rule says; okhttp layers TLS on top with the original host name. */
    private final class RoutingSocketFactory extends SocketFactory {
        @Override
        public Socket createSocket() {
            return new Socket() {
                @Override
                public void connect(SocketAddress endpoint, int timeout) throws IOException {
                    super.connect(redirect(endpoint).orElse((InetSocketAddress) endpoint), timeout);
                }
            };
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return connected(new InetSocketAddress(address, port));
        }

        private Socket connected(InetSocketAddress endpoint) throws IOException {
            Socket socket = createSocket();
            socket.connect(endpoint, 0);
            return socket;
        }
    }
}
