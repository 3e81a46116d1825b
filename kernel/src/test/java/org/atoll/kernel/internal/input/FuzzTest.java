package org.atoll.kernel.internal.input;

import static org.atoll.kernel.internal.input.Inputs.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Mutates valid inputs at random (fixed seeds, so failures reproduce): whatever comes out, the parsers
 * either accept it or refuse it with located problems, one line each, and never throw anything else.
 */
class FuzzTest {

    private static final String ALPHABET = "{}[]:,-?&*!|>'\"#%@` \n\t\r\\0123456789abcXYZ_.~/<\u0000\u2028\u00e9\uD83D\uDE00";

    private static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(6);
        for (int i = 0; i < edits && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> out.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                default -> {
                    int end = Math.min(out.length(), at + random.nextInt(40));
                    out.insert(random.nextInt(out.length()), out.substring(at, end));
                }
            }
        }
        return out.toString();
    }

    private static void assertWellBehaved(Runnable parse, String input) {
        try {
            parse.run();
        } catch (InputException e) {
            assertEquals(Math.min(e.located().size(), InputException.MAX_LINES)
                    + (e.located().size() > InputException.MAX_LINES || e.omitted() > 0 ? 1 : 0),
                    e.getMessage().split("\n", -1).length, e.getMessage());
            assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20 && c != '\n' || c == 0x2028),
                    e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            fail("leaked " + e + " for input:\n" + input, e);
        }
    }

    @Test
    void mutatedServicefiles() {
        String seed = resource("Servicefile-full");
        Random random = new Random(20240601);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 3000; i++) {
                String input = mutate(seed, random);
                assertWellBehaved(() -> ServicefileParser.parse("Servicefile", input), input);
            }
        });
    }

    @Test
    void mutatedFlockerPairs() {
        String apps = resource("application_config_v1.yml");
        String deployment = resource("deployment_config_altered.yml");
        Random random = new Random(19700101);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 2000; i++) {
                String a = random.nextBoolean() ? mutate(apps, random) : apps;
                String d = random.nextBoolean() ? mutate(deployment, random) : deployment;
                assertWellBehaved(() -> FlockerParser.parse("apps.yml", a, "deploy.yml", d), a + "\n----\n" + d);
            }
        });
    }
}
