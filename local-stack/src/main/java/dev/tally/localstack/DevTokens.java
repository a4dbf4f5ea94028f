package dev.tally.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Locally signed development tokens for the services' APIs: an RSA key pair, kept in a folder
 * ({@code .tally/jwt} for {@code ./tally up}) or in memory for tests, and bearer tokens signed with
 * it that carry one role in the {@code groups} claim, as MicroProfile JWT reads it. Never for
 * production: there the services verify tokens of the organisation's identity provider.
 */
public final class DevTokens {

    /** The {@code iss} claim of development tokens, which the services are told to expect. */
    public static final String ISSUER = "https://tally.local/dev";
    /** The {@code aud} claim of development tokens: the audience the services expect by default. */
    public static final String AUDIENCE = "tally";
    public static final String OPERATOR_ROLE = "tally-operator";
    public static final String VIEWER_ROLE = "tally-viewer";
    public static final String PRODUCER_ROLE = "tally-producer";

    /** The files of a key pair kept in a folder ({@link #keptIn(Path)}). */
    public static final String PRIVATE_KEY_FILE = "privateKey.pem";
    public static final String PUBLIC_KEY_FILE = "publicKey.pem";

    private final KeyPair keys;

    private DevTokens(KeyPair keys) {
        this.keys = keys;
    }

    /** A key pair of its own, in memory: tokens from another instance are not accepted where this one's key is. */
    public static DevTokens ephemeral() {
        return new DevTokens(generate());
    }

    /** The key pair kept in {@code dir}, created there on first use, so tokens stay valid across runs. */
    public static DevTokens keptIn(Path dir) {
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
        try {
            if (Files.isRegularFile(privateFile) && Files.isRegularFile(publicFile)) {
                // Kept by an older version, readable by everyone.
                OwnerOnlyFiles.restrict(privateFile);
                return new DevTokens(read(privateFile, publicFile));
            }
            KeyPair keys = generate();
            Files.createDirectories(dir);
            OwnerOnlyFiles.write(privateFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            Files.writeString(publicFile, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
            return new DevTokens(keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep development keys in " + dir, e);
        }
    }

    /** A token for {@code subject} with {@code role}, valid for {@code validity}. */
    public String token(String subject, String role, Duration validity) {
        return token(subject, role, validity, AUDIENCE);
    }

    /** A token for {@code subject} with {@code role} and the {@code aud} claim {@code audience} (none when null). */
    public String token(String subject, String role, Duration validity, String audience) {
        return Signer.sign(keys, subject, role, validity, audience);
    }

    public String operator() {
        return token("local-operator", OPERATOR_ROLE, Duration.ofDays(30));
    }

    public String viewer() {
        return token("local-viewer", VIEWER_ROLE, Duration.ofDays(30));
    }

    /** For applications that post events to ingest, and nothing else. */
    public String producer() {
        return token("local-producer", PRODUCER_ROLE, Duration.ofDays(30));
    }

    /** The public key in PEM, as {@code mp.jwt.verify.publickey} takes it. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    /** The configuration that makes a service accept these tokens (and only these). */
    public Map<String, String> serviceConfig() {
        return Map.of("mp.jwt.verify.publickey", publicKeyPem(), "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair: " + e.getMessage(), e);
        }
    }

    private static KeyPair read(Path privateFile, Path publicFile) throws IOException {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(der(Files.readString(privateFile))));
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(der(Files.readString(publicFile))));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the development keys in " + privateFile.getParent()
                    + " cannot be read (" + e.getMessage() + "); delete the folder to make new ones", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    /**
     * Signs with jose4j. A class of its own so that jose4j is loaded only when a token is made: a service test whose
     * classpath has no jose4j can still start a stack whose services trust this key.
     */
    private static final class Signer {

        static String sign(KeyPair keys, String subject, String role, Duration validity, String audience) {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(ISSUER);
            if (audience != null) {
                claims.setAudience(audience);
            }
            claims.setSubject(subject);
            claims.setClaim("upn", subject);
            claims.setStringListClaim("groups", List.of(role));
            claims.setJwtId(UUID.randomUUID().toString());
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(validity.toMinutes());
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(keys.getPrivate());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException("cannot sign a development token: " + e.getMessage(), e);
            }
        }
    }
}
