package org.atoll.kernel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = JsonText.parse(" {\"s\": \"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\", \"n\": -12.5e2, \"i\": 0,"
                + " \"t\": true, \"f\": false, \"z\": null, \"l\": [1, [], {}]}\r\n");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a\"b\\c/\né\uD83D\uDE00");
        expected.put("n", new BigDecimal("-12.5e2"));
        expected.put("i", BigDecimal.ZERO);
        expected.put("t", true);
        expected.put("f", false);
        expected.put("z", null);
        expected.put("l", List.of(BigDecimal.ONE, List.of(), Map.of()));
        assertEquals(expected, v);
        assertEquals(List.of("s", "n", "i", "t", "f", "z", "l"), List.copyOf(((Map<?, ?>) v).keySet()),
                "members keep the document's order");
    }

    @Test
    void aTopLevelScalarIsAValue() {
        assertEquals("x", JsonText.parse("\"x\""));
        assertEquals(new BigDecimal("42"), JsonText.parse("42"));
        assertNull(JsonText.parse(" null "));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a: 1}", "{'a': 1}", "[1 2]", "01", "-", "1.", ".5",
        "1e", "1e+", "+1", "NaN", "Infinity", "tru", "nul", "\"abc", "\"a\\x\"", "\"\\u12g4\"", "\"\\u123\"",
        "\"\\u０１２３\"", "\"tab\there\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "\uFEFF{}",
        "{} {}", "[1] x", "1 // comment", "/* c */ 1", "{\"a\":1,\"a\":2}", "[1e99999999999]", "\"\u0000\"",
        "[\u00a01]"
    })
    void refusesWhatIsNotStrictJson(String text) {
        assertThrows(JsonText.SyntaxException.class, () -> JsonText.parse(text), text);
    }

    @Test
    void errorsSayWhereAndWhy() {
        JsonText.SyntaxException e = assertThrows(JsonText.SyntaxException.class,
                () -> JsonText.parse("{\n  \"a\": 1,\n  \"b\": 2 x\n}"));
        assertEquals("line 3, column 10: expected ',' or '}' in an object, found 'x'", e.getMessage());
        assertEquals(21, e.offset());

        assertEquals("line 1, column 3: unexpected 'x' after the JSON value",
                assertThrows(JsonText.SyntaxException.class, () -> JsonText.parse("{}x")).getMessage());
        assertEquals("line 1, column 8: duplicate member name \"a\"",
                assertThrows(JsonText.SyntaxException.class, () -> JsonText.parse("{\"a\":1,\"a\":1}")).getMessage());
        assertEquals("line 1, column 3: invalid escape \\q",
                assertThrows(JsonText.SyntaxException.class, () -> JsonText.parse("\"a\\q\"")).getMessage());
    }

    @Test
    void nestingIsLimited() {
        int max = JsonText.MAX_DEPTH;
        assertEquals(nested(max), JsonText.parse("[".repeat(max) + "]".repeat(max)));
        JsonText.SyntaxException e = assertThrows(JsonText.SyntaxException.class,
                () -> JsonText.parse("[".repeat(max + 1) + "]".repeat(max + 1)));
        assertTrue(e.getMessage().contains("nested deeper than " + max), e.getMessage());
        assertThrows(JsonText.SyntaxException.class, () -> JsonText.parse("{\"a\":".repeat(100_000)),
                "a hostile depth fails cleanly instead of overflowing the stack");

        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(IllegalArgumentException.class, () -> JsonText.write(cycle));
    }

    @Test
    void writesCompactAndPretty() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", "web");
        v.put("count", 2);
        v.put("ratio", 0.5);
        v.put("env", Map.of("K", "v"));
        v.put("ports", List.of(80, 443));
        v.put("none", null);
        v.put("empty", List.of());
        assertEquals("{\"name\":\"web\",\"count\":2,\"ratio\":0.5,\"env\":{\"K\":\"v\"},\"ports\":[80,443],"
                + "\"none\":null,\"empty\":[]}", JsonText.write(v));
        assertEquals("""
                {
                  "name": "web",
                  "count": 2,
                  "ratio": 0.5,
                  "env": {
                    "K": "v"
                  },
                  "ports": [
                    80,
                    443
                  ],
                  "none": null,
                  "empty": []
                }""", JsonText.pretty(v));
    }

    @Test
    void writingEscapesControlCharacters() {
        assertEquals("\"q\\\" b\\\\ n\\n t\\t \\u0000 esc\\u001B c1\\u009B ls\\u2028 é\"",
                JsonText.write("q\" b\\ n\n t\t \u0000 esc\u001b c1\u009b ls\u2028 é"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> JsonText.write(Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> JsonText.write(new Object()));
    }

    @Test
    void roundTrips() {
        String text = "{\"a\":[1,-2.50,3E+7,1e-7,true,false,null,\"\\u0001\\\"\\\\é😀\"],\"b\":{\"c\":{}},\"d\":\"\"}";
        Object parsed = JsonText.parse(text);
        assertEquals(parsed, JsonText.parse(JsonText.write(parsed)));
        assertEquals(parsed, JsonText.parse(JsonText.pretty(parsed)));
        assertEquals(JsonText.write(parsed), JsonText.write(JsonText.parse(JsonText.write(parsed))));

        String canonical = "{\"x\":[\"y\",{\"z\":null}],\"n\":12}";
        assertEquals(canonical, JsonText.write(JsonText.parse(canonical)));
        List<Object> deep = nested(JsonText.MAX_DEPTH);
        assertEquals(deep, JsonText.parse(JsonText.write(deep)));
    }

    private static List<Object> nested(int depth) {
        List<Object> v = new ArrayList<>();
        for (int i = 1; i < depth; i++) {
            v = new ArrayList<>(Arrays.asList((Object) v));
        }
        return v;
    }
}
