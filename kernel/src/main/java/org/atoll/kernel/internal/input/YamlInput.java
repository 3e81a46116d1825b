package org.atoll.kernel.internal.input;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.atoll.kernel.internal.validate.Names;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML input file as a node tree ({@link YamlLoader}), and typed accessors that report what they cannot
 * read against the field's path and position, and record where every field was written.
 */
final class YamlInput {

    static final int MAX_KEY = 256;

    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,127}");

    /** A key of a map and its value. */
    record Entry(String key, Node keyNode, Node value) {
    }

    final String file;
    final Report report;

    YamlInput(String file, Report report) {
        this.file = file;
        this.report = report;
        report.sources.file(new SourceLocation(file, 1, 1).file());
    }

    /** Reads the file's single document within the limits of {@link YamlLoader}, or reports why not: null. */
    Node compose(String text) {
        return new YamlLoader(this).load(text);
    }

    // ---- positions and recording

    SourceLocation at(Node n) {
        return at(n == null ? null : n.getStartMark());
    }

    SourceLocation at(Mark m) {
        return m == null ? new SourceLocation(file, 1, 1) : new SourceLocation(file, m.getLine() + 1, m.getColumn() + 1);
    }

    void record(String model, String display, Node n) {
        report.sources.put(model, display, at(n));
    }

    /** Records a map entry's field: at its value when that is a scalar, else at its key. */
    void record(String model, String display, Entry e) {
        record(model, display, e.value() instanceof ScalarNode && !isNull(e.value()) ? e.value() : e.keyNode());
    }

    void error(Node n, String field, String message) {
        report.add(at(n), field, message);
    }

    /** Reports a value of the wrong shape; the validator's findings on the field are then dropped. */
    void expected(Node n, String field, String what) {
        error(n, field, "expected " + what + ", found " + describe(n));
        report.broken(field);
    }

    static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a map";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return isNull(n) ? "nothing" : Names.quote(((ScalarNode) n).getValue());
    }

    private static String describeKey(Node k) {
        String what = Tag.INT.equals(k.getTag()) || Tag.FLOAT.equals(k.getTag()) ? "the number "
                : Tag.BOOL.equals(k.getTag()) ? "the boolean "
                : Tag.TIMESTAMP.equals(k.getTag()) ? "the date " : "";
        return what + describe(k) + (what.isEmpty() ? "" : " (quote it)");
    }

    /** Whether a map lacks {@code key} or gives it no value. */
    static boolean missing(Map<String, Entry> map, String key) {
        return !map.containsKey(key) || isNull(map.get(key).value());
    }

    static boolean isNull(Node n) {
        return n == null || n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    static String join(String path, String key) {
        String seg = SAFE_SEGMENT.matcher(key).matches() ? key : Names.quote(key);
        return path.isEmpty() ? seg : path + "." + seg;
    }

    // ---- typed access

    /**
     * The entries of a map, in order; nothing counts as empty. Keys must be plain text, unique and, when
     * {@code known} is given, one of them; offending entries are reported and left out.
     */
    Map<String, Entry> mapping(Node node, String field, Collection<String> known) {
        Map<String, Entry> out = new LinkedHashMap<>();
        if (isNull(node)) {
            return out;
        }
        if (!(node instanceof MappingNode map)) {
            expected(node, field, "a map");
            return out;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (Tag.MERGE.equals(k.getTag())) {
                continue;
            }
            if (!(k instanceof ScalarNode s) || !Tag.STR.equals(k.getTag())) {
                error(k, field, "keys must be text, found " + describeKey(k));
                continue;
            }
            String key = s.getValue();
            if (key.length() > MAX_KEY) {
                error(k, field, "a key is longer than " + MAX_KEY + " characters");
                continue;
            }
            String path = join(field, key);
            Integer first = seen.putIfAbsent(key, at(k).line());
            if (first != null) {
                error(k, path, "is defined twice (first on line " + first + ")");
            } else if (known != null && !known.contains(key)) {
                error(k, path, "unknown key" + Suggest.key(key, known));
            } else {
                out.put(key, new Entry(key, k, t.getValueNode()));
            }
        }
        return out;
    }

    /** The items of a list; nothing counts as empty. */
    List<Node> sequence(Node node, String field) {
        if (isNull(node)) {
            return List.of();
        }
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        expected(node, field, "a list");
        return List.of();
    }

    /** A scalar's text as written (numbers and booleans too); null for nothing or a wrong shape. */
    String text(Node node, String field) {
        if (isNull(node)) {
            return null;
        }
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        expected(node, field, "a string");
        return null;
    }

    /** A map of environment variables; names are checked here, at the key, and bad ones left out. */
    Map<String, String> env(Entry e, String model, String display) {
        Map<String, String> out = new LinkedHashMap<>();
        if (e == null) {
            return out;
        }
        record(model, display, e);
        for (Entry v : mapping(e.value(), display, null).values()) {
            String keyProblem = Names.envKey(v.key());
            if (keyProblem != null) {
                error(v.keyNode(), display, keyProblem);
                continue;
            }
            record(model + "." + v.key(), display + "." + v.key(), v);
            out.put(v.key(), text(v.value(), display + "." + v.key()));
        }
        return out;
    }

    /** A list of strings (node names, command words); items that are not strings are reported and left out. */
    List<String> strings(Entry e, String p) {
        List<String> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        record(p, p, e);
        List<Node> items = sequence(e.value(), p);
        for (int i = 0; i < items.size(); i++) {
            String d = p + "[" + i + "]";
            String s = text(items.get(i), d);
            if (s == null) {
                if (isNull(items.get(i))) {
                    expected(items.get(i), d, "a string");
                }
                continue;
            }
            record(p + "[" + out.size() + "]", d, items.get(i));
            out.add(s);
        }
        return out;
    }

    /** A whole number; null for nothing or a wrong value. */
    Integer integer(Node node, String field) {
        String s = text(node, field);
        if (s == null) {
            return null;
        }
        try {
            return Values.number(s);
        } catch (Values.BadValue e) {
            error(node, field, e.getMessage());
            report.broken(field);
            return null;
        }
    }
}
