package org.atoll.kernel.internal.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Test helpers: resources, and parsing that must be refused quickly with an {@link InputException}. */
final class Inputs {

    private Inputs() {
    }

    static String resource(String name) {
        try (InputStream in = Inputs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static DeclaredServices servicefile(String text) {
        return ServicefileParser.parse("Servicefile", text);
    }

    /** Parses a Servicefile that must be refused within five seconds, and nothing but refused. */
    static InputException refused(String text) {
        return refusedBy(() -> ServicefileParser.parse("Servicefile", text));
    }

    static InputException refusedFlocker(String apps, String deployment) {
        return refusedBy(() -> FlockerParser.parse("apps.yml", apps, "deploy.yml", deployment));
    }

    static InputException refusedBy(Runnable parse) {
        return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                parse.run();
            } catch (InputException e) {
                return e;
            } catch (RuntimeException | Error e) {
                fail("leaked " + e, e);
            }
            return fail("was accepted");
        });
    }

    static List<String> lines(InputException e) {
        return List.of(e.getMessage().split("\n", -1));
    }

    /** Asserts that the input is refused with exactly these lines. */
    static void assertRefused(String text, String... expected) {
        InputException e = refused(text);
        assertEquals(List.of(expected), lines(e), e.getMessage());
    }
}
