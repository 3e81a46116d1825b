package org.atoll.kernel.internal.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads an input file as strict UTF-8, refusing anything larger than the YAML limit before reading it. */
final class InputFiles {

    private InputFiles() {
    }

    /** The file's text; an {@link InputException} when it is too large, unreadable or not UTF-8. */
    static String read(Path file, String name) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(YamlLoader.MAX_CHARS * 4 + 1);
        } catch (IOException e) {
            throw refused(name, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > YamlLoader.MAX_CHARS * 4) {
            throw refused(name, "is larger than 1 MiB; refusing to read it");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw refused(name, "is not valid UTF-8 text");
        }
    }

    static String name(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    private static InputException refused(String name, String message) {
        return new InputException(List.of(new InputProblem(new SourceLocation(name, 1, 1), "", message)));
    }
}
