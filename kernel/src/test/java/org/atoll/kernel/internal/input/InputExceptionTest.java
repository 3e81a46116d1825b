package org.atoll.kernel.internal.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.atoll.kernel.internal.validate.Problem;
import org.junit.jupiter.api.Test;

class InputExceptionTest {

    @Test
    void problemsAreOrderedByFileThenPosition() {
        SourceMap map = new SourceMap();
        map.file("b.yml");
        map.file("a.yml");
        map.put("x", "x", new SourceLocation("a.yml", 1, 1));
        map.put("y", "y", new SourceLocation("b.yml", 9, 2));
        map.put("z", "z", new SourceLocation("b.yml", 9, 1));
        map.put("w", "w", new SourceLocation("b.yml", 2, 30));

        InputException e = new InputException(map.locate(List.of(new Problem("x", "1"), new Problem("y", "2"),
                new Problem("z", "3"), new Problem("w", "4"))));
        assertEquals("b.yml:2:30: w: 4\nb.yml:9:1: z: 3\nb.yml:9:2: y: 2\na.yml:1:1: x: 1", e.getMessage());
        assertEquals(List.of(new Problem("w", "4"), new Problem("z", "3"), new Problem("y", "2"),
                new Problem("x", "1")), e.problems());
    }

    @Test
    void aFieldWithoutAPlaceUsesItsNearestParentsAndKeepsItsPath() {
        SourceMap map = new SourceMap();
        map.file("apps.yml");
        map.put("", "", new SourceLocation("apps.yml", 2, 1));
        map.put("services.trac", "applications.trac", new SourceLocation("apps.yml", 3, 3));
        map.put("services.trac.ports[0]", "applications.trac.routes[0]", new SourceLocation("apps.yml", 7, 14));

        assertEquals("apps.yml:7:14: applications.trac.routes[0].host: taken",
                map.locate(new Problem("services.trac.ports[0].host", "taken")).toString());
        assertEquals("apps.yml:3:3: applications.trac.resources.cpuMillis: too much",
                map.locate(new Problem("services.trac.resources.cpuMillis", "too much")).toString());
        assertEquals("apps.yml:2:1: services.db.image: missing",
                map.locate(new Problem("services.db.image", "missing")).toString());
        assertEquals(new SourceLocation("apps.yml", 7, 14), map.location("services.trac.ports[0].proto"));
    }

    @Test
    void nothingAUserWroteCanBreakALine() {
        InputProblem p = new InputProblem(new SourceLocation("Service\nfile", 0, -3), "a\r\nb\u2028c",
                "x\u0000y\u0085z\u2029");
        assertEquals("Service\\u000afile:1:1: a\\u000d\\u000ab\\u2028c: x\\u0000y\\u0085z\\u2029", p.toString());
        assertEquals("Servicefile:3:4: whole file", new InputProblem(new SourceLocation("Servicefile", 3, 4), null,
                "whole file").toString());
    }

    @Test
    void longListsAreCutInTheMessageOnly() {
        List<InputProblem> many = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            many.add(new InputProblem(new SourceLocation("f", i, 1), "k" + i, "bad"));
        }
        InputException e = new InputException(many, 7);
        String[] lines = e.getMessage().split("\n");
        assertEquals(101, lines.length);
        assertEquals("f:100:1: k100: bad", lines[99]);
        assertEquals("… and 57 more problems", lines[100]);
        assertEquals(150, e.located().size());
        assertEquals(150, e.problems().size());
        assertEquals(7, e.omitted());
        assertEquals("f:1:1: k1: bad\n… and 1 more problem",
                new InputException(many.subList(0, 1), 1).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InputException(List.of()));
    }
}
