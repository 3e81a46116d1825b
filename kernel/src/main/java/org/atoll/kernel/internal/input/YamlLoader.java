package org.atoll.kernel.internal.input;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

import org.atoll.kernel.internal.validate.Names;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads one YAML document into a node tree, never into objects, within limits: at most 1 MiB, 16 levels
 * of nesting, 50,000 nodes (counted on the event stream before any tree is built), 8 aliases of lists or
 * maps (no YAML bombs), no tags but YAML's plain ones, no merge keys. Every refusal is a located problem.
 */
final class YamlLoader {

    static final int MAX_CHARS = 1024 * 1024;
    static final int MAX_DEPTH = 16;
    static final int MAX_ALIASES = 8;
    static final int MAX_NODES = 50_000;

    private static final Set<Tag> PLAIN = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP,
            Tag.MAP, Tag.SEQ);
    private static final String GLOBAL_TAG = "Global tag is not allowed: ";

    private final YamlInput in;
    private final Report report;
    private final String file;

    YamlLoader(YamlInput in) {
        this.in = in;
        this.report = in.report;
        this.file = in.file;
    }

    /** Reads the file's single document, or reports why not and returns null. */
    Node load(String input) {
        String text = input == null ? "" : input;
        SourceLocation start = new SourceLocation(file, 1, 1);
        if (text.length() > MAX_CHARS) {
            report.add(start, "", "is larger than 1 MiB (" + text.length() + " characters); refusing to read it");
            return null;
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARS);
        options.setProcessComments(false);
        options.setMergeOnCompose(false);
        options.setTagInspector(tag -> false);
        DumperOptions dump = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dump), dump, options);
        Node root;
        try {
            String tooBig = measure(yaml, body);
            if (tooBig != null) {
                report.add(start, "", tooBig);
                return null;
            }
            root = yaml.compose(new StringReader(body));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : String.valueOf(e.getMessage());
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            if (mark != null && mark.getColumn() > 1024) {
                context += "; a key on one line may be at most 1024 characters long";
            }
            if (problem.startsWith(GLOBAL_TAG)) {
                report.add(in.at(mark), "", tagMessage(new Tag(problem.substring(GLOBAL_TAG.length()))));
            } else {
                report.add(in.at(mark), "", "is not valid YAML: " + problem + context);
            }
            return null;
        } catch (ReaderException e) {
            report.add(position(body, e.getPosition()), "", "contains the character "
                    + String.format("U+%04X", e.getCodePoint()) + ", which YAML does not allow");
            return null;
        } catch (YAMLException e) {
            report.add(start, "", limitMessage(String.valueOf(e.getMessage())));
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            report.add(start, "", "could not be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
        if (root == null) {
            report.add(start, "", "is empty");
            return null;
        }
        return scan(root) ? root : null;
    }

    /**
     * Walks the event stream, which takes little memory, before the tree is built: stops at the first
     * collection nested too deep or the first node too many. Null when the document is within limits.
     */
    private static String measure(Yaml yaml, String body) {
        int nodes = 0;
        int depth = 0;
        for (Event e : yaml.parse(new StringReader(body))) {
            if (e instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
                return "is nested deeper than " + MAX_DEPTH + " levels";
            }
            if (e instanceof CollectionEndEvent) {
                depth--;
            }
            if (e instanceof NodeEvent && ++nodes > MAX_NODES) {
                return "has more than " + MAX_NODES + " elements; refusing it";
            }
        }
        return null;
    }

    private static String limitMessage(String m) {
        if (m.contains("aliases")) {
            return "uses more than " + MAX_ALIASES + " aliases of lists or maps; refusing it (is it a YAML bomb?)";
        }
        if (m.contains("Nesting Depth")) {
            return "is nested deeper than " + MAX_DEPTH + " levels";
        }
        if (m.contains("code points")) {
            return "is larger than 1 MiB; refusing to read it";
        }
        return "is not valid YAML: " + m;
    }

    /**
     * Visits every node once: refuses tags other than YAML's plain ones and merge keys; false when the
     * document has too many nodes to be worth reading further.
     */
    private boolean scan(Node root) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!seen.add(n)) {
                continue;
            }
            if (seen.size() > MAX_NODES) {
                report.add(in.at(root), "", "has more than " + MAX_NODES + " elements; refusing it");
                return false;
            }
            if (Tag.MERGE.equals(n.getTag())) {
                report.add(in.at(n), "", "merge keys (<<) are not supported; write the keys out");
            } else if (!PLAIN.contains(n.getTag())) {
                report.add(in.at(n), "", tagMessage(n.getTag()));
            }
            if (n instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    todo.push(t.getValueNode());
                    todo.push(t.getKeyNode());
                }
            } else if (n instanceof SequenceNode s) {
                s.getValue().forEach(todo::push);
            }
        }
        return true;
    }

    private static String tagMessage(Tag tag) {
        String v = tag.getValue();
        String shown = v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length())
                : v.startsWith("!") ? v : "!<" + v + ">";
        return "the tag " + Names.quote(shown) + " is not allowed; only plain strings, numbers, lists and maps are";
    }

    /** The line and column of a code point index, for reader errors that carry no mark. */
    private SourceLocation position(String text, int codePointIndex) {
        int line = 1;
        int col = 1;
        int i = 0;
        for (int cp = 0; cp < codePointIndex && i < text.length(); cp++) {
            char c = text.charAt(i);
            i += Character.charCount(text.codePointAt(i));
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new SourceLocation(in.file, line, col);
    }
}
