package org.atoll.kernel.internal.secret;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.validate.Names;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.database.Secret;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.Txn;

/**
 * Secrets encrypted with AES-256-GCM under a key kept in a file of its own (mode 0600, created on
 * first use), so that the store's files and snapshots never hold a password in clear. The secret's
 * name is the additional authenticated data: a value moved to another name does not decrypt.
 */
public final class EncryptedSecrets implements SecretStore {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int TAG_BITS = 128;

    private final StateStore store;
    private final Path keyFile;
    private final SecureRandom random = new SecureRandom();
    private volatile byte[] key;

    public EncryptedSecrets(StateStore store, Path keyFile) {
        this.store = store;
        this.keyFile = keyFile;
    }

    @Override
    public void put(String name, Secret secret) {
        check(name);
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        char[] clear = secret.reveal();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(clear));
        byte[] plain = new byte[bytes.remaining()];
        bytes.get(plain);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, iv, name);
            byte[] data = c.doFinal(plain);
            store.commit(Txn.of(Op.put(Keys.secret(name), Json.write(Map.of("v", 1,
                    "iv", Base64.getEncoder().encodeToString(iv), "data", Base64.getEncoder().encodeToString(data))))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt secret " + name + ": " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(clear, '\0');
            Arrays.fill(plain, (byte) 0);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }

    @Override
    public Optional<Secret> get(String name) {
        check(name);
        return store.get(Keys.secret(name)).map(kv -> {
            Stored s = Json.read(kv.value(), Stored.class);
            byte[] plain = null;
            try {
                plain = cipher(Cipher.DECRYPT_MODE, Base64.getDecoder().decode(s.iv()), name)
                        .doFinal(Base64.getDecoder().decode(s.data()));
                CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
                char[] value = new char[chars.remaining()];
                chars.get(value);
                Secret out = new Secret(value);
                Arrays.fill(value, '\0');
                return out;
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("secret " + name + " cannot be read with the key in " + keyFile
                        + " (" + e.getClass().getSimpleName() + ")");
            } finally {
                if (plain != null) {
                    Arrays.fill(plain, (byte) 0);
                }
            }
        });
    }

    record Stored(int v, String iv, String data) {
    }

    @Override
    public void delete(String name) {
        check(name);
        store.commit(Txn.of(Op.delete(Keys.secret(name))));
    }

    @Override
    public Secret generate() {
        char[] value = new char[24];
        for (int i = 0; i < value.length; i++) {
            value[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        Secret s = new Secret(value);
        Arrays.fill(value, '\0');
        return s;
    }

    private static void check(String name) {
        String problem = Names.name(name);
        if (problem != null) {
            throw new ValidationException("secret", problem);
        }
    }

    private Cipher cipher(int mode, byte[] iv, String name) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key(), "AES"), new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = loadOrCreate();
                }
                k = key;
            }
        }
        return k;
    }

    /** Reads the key file, or writes a new random key to it, readable by its owner only. */
    private byte[] loadOrCreate() {
        try {
            if (Files.exists(keyFile)) {
                byte[] k = Base64.getDecoder().decode(Files.readString(keyFile).strip());
                if (k.length != 32) {
                    throw new IllegalStateException("the secret key in " + keyFile + " is not 256 bits");
                }
                return k;
            }
            Files.createDirectories(keyFile.getParent());
            byte[] k = new byte[32];
            random.nextBytes(k);
            Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getEncoder().encodeToString(k));
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(tmp, keyFile);
            }
            return k;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the secret key " + keyFile + ": " + e.getMessage(), e);
        }
    }
}
