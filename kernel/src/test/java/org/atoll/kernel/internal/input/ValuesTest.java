package org.atoll.kernel.internal.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.PortSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "5s, 5000", "1m, 60000", "2h, 7200000", "1m30s, 90000", "1.5s, 1500", "0s, 0",
        "1h1m1s1ms, 3661001", "0.5ms, 0", "24h, 86400000", "90s, 90000"})
    void durations(String text, long millis) throws Values.BadValue {
        assertEquals(Duration.ofMillis(millis), Values.duration(text).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void subMillisecondDurationsKeepTheirPrecision() throws Values.BadValue {
        assertEquals(Duration.ofNanos(500_000), Values.duration("0.5ms"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "5 s", "-5s", "+5s", "5S", "5d", "5sec", "1m30", "1.s", ".5s", "5s5", "1e3s", "PT5S",
        "0x10s", "five seconds"})
    void notDurations(String text) {
        Values.BadValue e = assertThrows(Values.BadValue.class, () -> Values.duration(text));
        assertEquals("\"" + text + "\" is not a duration (e.g. 500ms, 5s, 1m or 1m30s)", e.getMessage());
    }

    @Test
    void durationProblems() {
        assertEquals("\"5\" needs a unit: ms, s, m or h (e.g. 500ms, 5s, 1m or 1m30s)",
                assertThrows(Values.BadValue.class, () -> Values.duration("5")).getMessage());
        assertEquals("\"24h1ms\" is longer than 24h",
                assertThrows(Values.BadValue.class, () -> Values.duration("24h1ms")).getMessage());
        assertEquals("\"999999999h\" is longer than 24h",
                assertThrows(Values.BadValue.class, () -> Values.duration("999999999h")).getMessage());
        assertThrows(Values.BadValue.class, () -> Values.duration("1".repeat(70) + "s"));
        assertThrows(Values.BadValue.class, () -> Values.duration(null));
    }

    @ParameterizedTest
    @CsvSource({"0.5, 500", "1, 1000", "2.25, 2250", ".25, 250", "500m, 500", "0m, 0", "0, 0", "1.000, 1000",
        "0.001, 1", "64, 64000", "1000000m, 1000000"})
    void cpu(String text, long millis) throws Values.BadValue {
        assertEquals(millis, Values.cpuMillis(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1e3", "half", "0.5 ", "500M", "500mm", "1,5", "0x10", "m", "1.5m"})
    void notCpu(String text) {
        assertEquals("\"" + text + "\" is not a CPU amount (cores like 0.5 or 2, or thousandths like 500m)",
                assertThrows(Values.BadValue.class, () -> Values.cpuMillis(text)).getMessage());
    }

    @Test
    void cpuFinerThanAMilliIsRefused() {
        assertEquals("\"0.0005\" is finer than a thousandth of a core (1m)",
                assertThrows(Values.BadValue.class, () -> Values.cpuMillis("0.0005")).getMessage());
        assertThrows(Values.BadValue.class, () -> Values.cpuMillis("1.0001"));
    }

    @ParameterizedTest
    @CsvSource({"256Mi, 256", "1Gi, 1024", "1.5Gi, 1536", "1Ti, 1048576", "1024Ki, 1", "1Ki, 1", "0Mi, 0",
        // powers of ten, rounded up to whole mebibytes
        "512M, 489", "1G, 954", "1000k, 1", "1M, 1", "1T, 953675"})
    void memory(String text, long mebibytes) throws Values.BadValue {
        assertEquals(mebibytes, Values.memoryMb(text));
    }

    @Test
    void memoryProblems() throws Values.BadValue {
        String example = " (e.g. 256Mi, 1Gi or 512M; Mi and Gi are powers of 2, M and G of 10)";
        for (String ambiguous : List.of("512m", "512mb", "1GB", "1g", "1KiB", "1K", "-1Mi", "Mi", "1 Gi", "1e3Mi")) {
            assertEquals("\"" + ambiguous + "\" is not a memory size" + example,
                    assertThrows(Values.BadValue.class, () -> Values.memoryMb(ambiguous)).getMessage());
        }
        assertEquals("\"512\" needs a unit" + example,
                assertThrows(Values.BadValue.class, () -> Values.memoryMb("512")).getMessage());
        assertEquals(999_999_999_999L * (1L << 20), Values.memoryMb("999999999999Ti"));
    }

    @ParameterizedTest
    @CsvSource(value = {"80|80|null|tcp", "8080:80|80|8080|tcp", "8080:80/udp|80|8080|udp", "80/udp|80|null|udp",
        "53/UDP|53|null|UDP", "0:0|0|0|tcp"}, delimiter = '|', nullValues = "null")
    void ports(String text, int container, Integer host, String proto) throws Values.BadValue {
        assertEquals(new PortSpec(container, host, proto), Values.port(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "x:80", "80:", ":80", "1:2:3", "127.0.0.1:80:80", "80/", "80/udp/tcp",
        "1234567890", "-80", "80 "})
    void notPorts(String text) {
        assertEquals("\"" + text + "\" is not a port (80, \"8080:80\" or \"8080:80/udp\")",
                assertThrows(Values.BadValue.class, () -> Values.port(text)).getMessage());
    }

    @Test
    void links() throws Values.BadValue {
        assertEquals(new LinkSpec("db", 5432, null), Values.link("db:5432"));
        assertEquals(new LinkSpec("db", 5432, "PG"), Values.link("db:5432:PG"));
        for (String bad : List.of("db", "db:", "db:x", "db:5432:PG:X", ":", "db:1234567890")) {
            assertEquals("\"" + bad + "\" is not a link (\"service:port\" or \"service:port:ALIAS\")",
                    assertThrows(Values.BadValue.class, () -> Values.link(bad)).getMessage());
        }
        assertThrows(Values.BadValue.class, () -> Values.link("a:1:" + "x".repeat(600)));
    }

    @Test
    void commandLinesSplitLikeAShellWithoutExpanding() throws Values.BadValue {
        assertEquals(List.of("/bin/runserver"), Values.command("/bin/runserver"));
        assertEquals(List.of("a", "b", "c"), Values.command("  a\tb \n c  "));
        assertEquals(List.of("sh", "-c", "echo 'hi' $HOME"), Values.command("sh -c \"echo 'hi' \\$HOME\""));
        assertEquals(List.of("sh", "-c", "echo \"hi\" \\n"), Values.command("sh -c 'echo \"hi\" \\n'"));
        assertEquals(List.of("say", "a \"quoted\" \\ word"), Values.command("say \"a \\\"quoted\\\" \\\\ word\""));
        assertEquals(List.of("", "x"), Values.command("'' x"));
        assertEquals(List.of("ab cd"), Values.command("ab\\ cd"));
        assertEquals(List.of("abcd"), Values.command("a'b'\"c\"d"));
        assertEquals(List.of("*", "$(rm", "-rf", "/)", ";", "|"), Values.command("* $(rm -rf /) ; |"));
        assertEquals(List.of(), Values.command("   "));
    }

    @Test
    void brokenCommandLines() {
        assertEquals("has an unterminated ' quote",
                assertThrows(Values.BadValue.class, () -> Values.command("echo 'hi")).getMessage());
        assertEquals("has an unterminated \" quote",
                assertThrows(Values.BadValue.class, () -> Values.command("echo \"hi")).getMessage());
        assertEquals("ends with a lone backslash",
                assertThrows(Values.BadValue.class, () -> Values.command("echo \\")).getMessage());
    }

    @Test
    void numbers() throws Values.BadValue {
        assertEquals(42, Values.number("42"));
        assertEquals(-1, Values.number("-1"));
        assertEquals(7, Values.number("+7"));
        for (String bad : List.of("", "1.0", "0x10", "1_000", "1234567890", "one", " 1")) {
            assertEquals("expected a whole number, found \"" + bad + "\"",
                    assertThrows(Values.BadValue.class, () -> Values.number(bad)).getMessage());
        }
    }

    @Test
    void suggestions() {
        List<String> keys = ServiceReader.KEYS;
        assertEquals("; did you mean \"image\"?", Suggest.key("imgae", keys));
        assertEquals("; did you mean \"image\"?", Suggest.key("Image", keys));
        assertEquals("; did you mean \"checks\"?", Suggest.key("check", keys));
        assertEquals("; did you mean \"cmd\"?", Suggest.key("cnd", keys));
        assertEquals(" (expected one of: cpu, memory)", Suggest.key("x".repeat(100), List.of("cpu", "memory")));
        assertEquals(1, Suggest.distance("ab", "ba"));
        assertEquals(3, Suggest.distance("", "abc"));
    }
}
