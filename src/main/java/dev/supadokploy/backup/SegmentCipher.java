package dev.supadokploy.backup;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM per segment: nonce = 7-byte prefix ‖ u32 counter ‖ last flag; the preamble is the associated data. */
final class SegmentCipher {
    private final SecretKeySpec key;
    private final byte[] prefix;
    private final byte[] aad;
    private final Cipher cipher;

    SegmentCipher(byte[] fileKey, byte[] prefix, byte[] aad) {
        this.key = new SecretKeySpec(fileKey, "AES");
        this.prefix = prefix.clone();
        this.aad = aad.clone();
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private GCMParameterSpec nonce(long counter, boolean last) {
        ByteBuffer n = ByteBuffer.allocate(12).put(prefix).putInt((int) counter).put((byte) (last ? 1 : 0));
        return new GCMParameterSpec(128, n.array());
    }

    byte[] seal(byte[] plain, int length, long counter, boolean last) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nonce(counter, last));
            cipher.updateAAD(aad);
            return cipher.doFinal(plain, 0, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** @return the plaintext, or null when the segment does not authenticate */
    byte[] open(byte[] sealed, int length, long counter, boolean last) {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nonce(counter, last));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, 0, length);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }
}
