package io.rtcd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate generated here, key in both PEM encodings rtcd operators use. */
class ApiTlsIT {

    @TempDir
    static Path dir;

    private static X509Certificate cert;
    private static Path certFile;
    private static Path traditionalKey;
    private static Path pkcs8Key;

    @BeforeAll
    static void generate() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = gen.generateKeyPair();
        X500Name name = new X500Name("CN=rtcd-test");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))),
                name,
                kp.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
        }));
        cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        certFile = write("cert.pem", cert);
        traditionalKey = write("key-ec.pem", traditionalEcKey(kp)); // "EC PRIVATE KEY" as openssl writes it
        pkcs8Key = write("key-pkcs8.pem", new JcaPKCS8Generator(kp.getPrivate(), null).generate()); // "PRIVATE KEY"
        assertTrue(Files.readString(traditionalKey).contains("BEGIN EC PRIVATE KEY"));
        assertTrue(Files.readString(pkcs8Key).contains("BEGIN PRIVATE KEY"));
    }

    /** RFC 5915 ECPrivateKey with the named curve [0] and public key [1], the layout of {@code openssl ecparam}. */
    private static PemObject traditionalEcKey(KeyPair kp) throws IOException {
        java.security.interfaces.ECPrivateKey priv = (java.security.interfaces.ECPrivateKey) kp.getPrivate();
        SubjectPublicKeyInfo spki =
                SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
        ECPrivateKey der = new ECPrivateKey(
                256, priv.getS(), spki.getPublicKeyData(), spki.getAlgorithm().getParameters());
        return new PemObject("EC PRIVATE KEY", der.getEncoded());
    }

    private static Path write(String file, Object pemObject) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(pemObject);
        }
        Path p = dir.resolve(file);
        Files.writeString(p, sw.toString());
        return p;
    }

    @Test
    void servesHttpsWithTraditionalEcKey() throws Exception {
        assertHttpsWorks(traditionalKey);
    }

    @Test
    void servesHttpsWithPkcs8Key() throws Exception {
        assertHttpsWorks(pkcs8Key);
    }

    @Test
    void rejectsTls11() throws Exception {
        try (ApiServer server = tlsServer(pkcs8Key)) {
            server.start();
            SSLParameters params = new SSLParameters();
            params.setProtocols(new String[] {"TLSv1.1"});
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(trusting())
                    .sslParameters(params)
                    .build();
            assertThrows(IOException.class, () -> client.send(request(server), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void badKeyFileIsNamed() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a pem file\n");
        try (ApiServer server = tlsServer(garbage)) {
            ApiServerException e = assertThrows(ApiServerException.class, server::start);
            assertTrue(e.getMessage().contains("garbage.pem"), e.getMessage());
            assertTrue(e.getMessage().contains("api.http.tls.cert_key"), e.getMessage());
        }
        Path missing = dir.resolve("missing-cert.pem");
        try (ApiServer server =
                new ApiServer(new ApiConfig("127.0.0.1:0", true, missing.toString(), pkcs8Key.toString()))) {
            ApiServerException e = assertThrows(ApiServerException.class, server::start);
            assertTrue(e.getMessage().contains("missing-cert.pem"), e.getMessage());
        }
    }

    private static void assertHttpsWorks(Path key) throws Exception {
        try (ApiServer server = tlsServer(key)) {
            server.start();
            HttpClient client = HttpClient.newBuilder().sslContext(trusting()).build();
            HttpResponse<String> r = client.send(request(server), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("{\"ok\":true}", r.body());
            assertEquals(cert, r.sslSession().orElseThrow().getPeerCertificates()[0]);
        }
    }

    private static ApiServer tlsServer(Path key) {
        ApiServer server = new ApiServer(new ApiConfig("127.0.0.1:0", true, certFile.toString(), key.toString()));
        server.route("GET", "/version", r -> ApiResponse.json(200, java.util.Map.of("ok", true)));
        return server;
    }

    private static HttpRequest request(ApiServer server) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/version"))
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static SSLContext trusting() throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("rtcd", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
