package dev.aurelis.identity.signin;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A security key in software: a real P-256 key pair, authenticator data and attestation objects encoded with
 * WebAuthn4J's CBOR model, and ES256 assertion signatures, so the server's verification runs on genuine data.
 */
final class SoftwareAuthenticator {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private int signCount;

    SoftwareAuthenticator() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
        new java.security.SecureRandom().nextBytes(credentialId);
    }

    /** The JSON of {@code PublicKeyCredential.toJSON()} after {@code navigator.credentials.create()}. */
    String register(String origin, String rpId, String challenge) throws Exception {
        EC2COSEKey key = EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256);
        AttestedCredentialData credential = new AttestedCredentialData(AAGUID.ZERO, credentialId, key);
        byte flags = (byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV | AuthenticatorData.BIT_AT);
        AuthenticatorData<com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput> data =
                new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)), flags, 0, credential);
        byte[] attestation = new AttestationObjectConverter(new ObjectConverter())
                .convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
        byte[] clientData = clientData("webauthn.create", challenge, origin);
        return """
                {"id":"%1$s","rawId":"%1$s","type":"public-key","authenticatorAttachment":"cross-platform",
                 "response":{"clientDataJSON":"%2$s","attestationObject":"%3$s","transports":["usb"]},
                 "clientExtensionResults":{}}""".formatted(B64.encodeToString(credentialId), B64.encodeToString(clientData),
                B64.encodeToString(attestation));
    }

    /** The JSON of {@code PublicKeyCredential.toJSON()} after {@code navigator.credentials.get()}. */
    String authenticate(String origin, String rpId, String challenge, byte[] userHandle) throws Exception {
        signCount++;
        ByteArrayOutputStream authenticatorData = new ByteArrayOutputStream();
        authenticatorData.write(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authenticatorData.write(AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV);
        authenticatorData.write(ByteBuffer.allocate(4).putInt(signCount).array());
        byte[] clientData = clientData("webauthn.get", challenge, origin);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(authenticatorData.toByteArray());
        signer.update(sha256(clientData));
        return """
                {"id":"%1$s","rawId":"%1$s","type":"public-key","authenticatorAttachment":"cross-platform",
                 "response":{"clientDataJSON":"%2$s","authenticatorData":"%3$s","signature":"%4$s","userHandle":"%5$s"},
                 "clientExtensionResults":{}}""".formatted(B64.encodeToString(credentialId), B64.encodeToString(clientData),
                B64.encodeToString(authenticatorData.toByteArray()), B64.encodeToString(signer.sign()),
                B64.encodeToString(userHandle));
    }

    private static byte[] clientData(String type, String challenge, String origin) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin
                + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
