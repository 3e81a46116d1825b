package org.atoll.kernel.client;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The remote {@code atoll} client: the brief's command line ({@code create-deployment foo},
 * {@code -D foo set-service redis '{env: {SDF: sdf}}'}, {@code list}, {@code -D foo deploy Servicefile})
 * over the HTTP API. It needs a JDK 17 and nothing else, and runs outside OSGi:
 * {@code java -cp atoll-kernel.jar org.atoll.kernel.client.RemoteCli COMMAND ...}. The password comes
 * only from ATOLL_PASSWORD or a prompt without echo, never from an argument, and is never printed.
 */
public final class RemoteCli {

    static final String DEFAULT_URL = "http://127.0.0.1:8181/api/v1";
    static final int MAX_FILE = 1 << 20;

    private final Options options;
    private final PrintStream out;
    private final RemoteApi api;

    private RemoteCli(Options options, RemoteApi api, PrintStream out) {
        this.options = options;
        this.api = api;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** Runs one command line; returns the exit status: 0 done, 1 failed, 2 bad usage. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(e.verb == null ? Verb.usage() : e.verb.help());
            return 2;
        }
        if (options.verb == Verb.HELP) {
            out.print(options.args.isEmpty() ? Verb.usage() : Verb.named(options.args.get(0)).help());
            return 0;
        }
        try (RemoteApi api = RemoteApi.connect(options, env, err)) {
            new RemoteCli(options, api, out).execute();
            return 0;
        } catch (Failure e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private void execute() throws Failure {
        List<String> a = options.args;
        switch (options.verb) {
            case CREATE_DEPLOYMENT -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", a.get(0));
                if (a.size() > 1) {
                    body.put("description", a.get(1));
                }
                api.call("POST", "/deployments", "application/json", JsonText.write(body));
                out.println("----> Created " + a.get(0));
            }
            case LIST -> list();
            case SET_SERVICE -> setService();
            case DEPLOY, PLAN -> deployOrPlan();
            case REMOVE_DEPLOYMENT -> {
                Map<?, ?> r = map(api.call("DELETE", path("deployments", deployment()), null, null));
                String stopping = text(r.get("stopping"));
                out.println("----> Removed " + deployment() + ", stopping " + stopping
                        + (stopping.equals("1") ? " instance" : " instances"));
            }
            case VERSIONS -> {
                Table table = new Table("Version", "Created", "Image");
                for (Object v : list(api.call("GET", servicePath(a.get(0)) + "/versions", null, null))) {
                    Map<?, ?> m = map(v);
                    table.add(m.get("version"), m.get("created"),
                            m.get("spec") instanceof Map<?, ?> spec ? spec.get("image") : null);
                }
                table.print(out);
            }
            case ROLLBACK -> {
                String body = JsonText.write(Map.of("version", Integer.parseInt(a.get(1))));
                printOutcome(api.call("POST", servicePath(a.get(0)) + "/rollback" + waitQuery(), "application/json",
                        body), false);
            }
            case PS -> ps();
            case NODES -> {
                Table table = new Table("Name", "Address", "Status");
                for (Object n : list(api.call("GET", "/nodes", null, null))) {
                    Map<?, ?> m = map(n);
                    Map<?, ?> node = m.get("node") instanceof Map<?, ?> nm ? nm : Map.of();
                    table.add(node.get("name"), node.get("address"), Boolean.TRUE.equals(m.get("up")) ? "up" : "down");
                }
                table.print(out);
            }
            case PLUGINS -> {
                Table table = new Table("Extension point", "Name", "Version", "State", "Capabilities");
                for (Object p : list(api.call("GET", "/plugins", null, null))) {
                    Map<?, ?> m = map(p);
                    String message = text(m.get("message"));
                    table.add(m.get("extensionPoint"), m.get("name"), m.get("version"),
                            text(m.get("state")) + (message.isEmpty() ? "" : ": " + message),
                            String.join(",", strings(m.get("capabilities"))));
                }
                table.print(out);
            }
            case GET -> {
                RemoteApi.Response r = api.get(a.get(0));
                out.println(r.isJson() ? JsonText.pretty(r.json()) : Table.clean(r.text(), true));
            }
            default -> throw new IllegalStateException("no action for " + options.verb);
        }
    }

    private void list() throws Failure {
        List<String> names = new ArrayList<>();
        if (options.deployment != null) {
            names.add(options.deployment);
        } else {
            for (Object d : list(api.call("GET", "/deployments", null, null))) {
                names.add(text(map(d).get("name")));
            }
        }
        for (String name : names) {
            RemoteApi.Response detail = api.send("GET", path("deployments", name), null, null);
            if (detail.status() == 404 && options.deployment == null) {
                continue; // removed since it was listed
            }
            Set<String> services = new LinkedHashSet<>();
            for (Object s : list(map(api.check(detail)).get("services"))) {
                services.add(text(map(s).get("name")));
            }
            Map<String, Table> instances = new LinkedHashMap<>();
            services.forEach(s -> instances.put(s, new Table(4)));
            for (Object i : list(api.call("GET", "/instances?deployment=" + RemoteApi.encode(name), null, null))) {
                Map<?, ?> m = map(i);
                instances.computeIfAbsent(text(m.get("service")), s -> new Table(4))
                        .add(m.get("state"), m.get("id"), m.get("version"), m.get("node"));
            }
            out.println(Table.clean(name, false));
            instances.forEach((service, table) -> {
                out.println("    " + Table.clean(service, false));
                table.print(out, "        ");
            });
        }
    }

    private void setService() throws Failure {
        List<String> a = new ArrayList<>(options.args);
        String image = null;
        String spec = null;
        if (a.size() > 1 && a.get(a.size() - 1).strip().startsWith("{")) {
            spec = a.remove(a.size() - 1);
        }
        if (a.size() == 2) {
            image = a.remove(1);
        } else if (a.size() > 2) {
            throw new Failure("set-service: expected NAME [IMAGE] [JSON]; the JSON must start with '{'");
        }
        String service = a.get(0);
        if (image == null && (spec == null || service.matches(".*[/:@.].*"))) {
            // The brief's `set-service company/redis`: the image alone, the service named after it.
            image = service;
            service = nameOf(image);
        }
        String type = "application/json";
        String body;
        if (spec == null) {
            body = JsonText.write(Map.of("image", image));
        } else {
            Object parsed = null;
            try {
                parsed = JsonText.parse(spec);
            } catch (JsonText.SyntaxException e) {
                if (image != null) {
                    throw new Failure("set-service: with IMAGE the fields must be strict JSON (" + e.getMessage()
                            + "); or give the image inside them: '{image: " + image + ", ...}'");
                }
                type = "application/yaml"; // YAML flow, e.g. {env: {SDF: sdf}}: the server reads it
            }
            if (image != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) parsed;
                Object other = fields.putIfAbsent("image", image);
                if (other != null && !image.equals(other)) {
                    throw new Failure("set-service: two images given: " + image + " and " + other);
                }
                spec = JsonText.write(fields);
            }
            body = spec;
        }
        Map<?, ?> outcome = map(api.call("PATCH", servicePath(service) + waitQuery(), type, body));
        List<String> created = strings(outcome.get("instances"));
        if (created.isEmpty()) {
            printOutcome(outcome, false);
        }
        created.forEach(id -> out.println("----> New instance id " + Table.clean(id, false)));
    }

    private void deployOrPlan() throws Failure {
        List<String> files = options.args;
        String deployment = options.deployment == null ? "default" : options.deployment;
        String body;
        String type;
        if (files.size() == 1) {
            body = read(files.get(0));
            type = "application/yaml";
        } else {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("application", read(files.get(0)));
            pair.put("deployment", read(files.get(1)));
            body = JsonText.write(pair);
            type = "application/json";
        }
        boolean plan = options.verb == Verb.PLAN;
        String path = path("deployments", deployment, plan ? "plan" : "deploy") + (plan ? "" : waitQuery());
        printOutcome(api.call("POST", path, type, body), plan);
    }

    private void ps() throws Failure {
        boolean all = options.deployment == null;
        String query = all ? "" : "?deployment=" + RemoteApi.encode(options.deployment);
        Table table = all ? new Table("Deployment", "Instance", "Service", "Version", "Node", "State", "Address",
                "Problem") : new Table("Instance", "Service", "Version", "Node", "State", "Address", "Problem");
        for (Object i : list(api.call("GET", "/instances" + query, null, null))) {
            Map<?, ?> m = map(i);
            List<Object> row = new ArrayList<>(List.of(text(m.get("id")), text(m.get("service")),
                    text(m.get("version")), text(m.get("node")), text(m.get("state")), text(m.get("address")),
                    text(m.get("problem"))));
            if (all) {
                row.add(0, text(m.get("deployment")));
            }
            table.add(row.toArray());
        }
        table.print(out);
    }

    /** Changes one a line, or No changes.; a plan also lists its steps, indented. */
    private void printOutcome(Object outcome, boolean steps) throws Failure {
        Map<?, ?> m = map(outcome);
        List<String> changes = strings(m.get("changes"));
        if (changes.isEmpty()) {
            String message = text(m.get("message"));
            out.println(Table.clean(message.isEmpty() ? "No changes." : message, true));
            return;
        }
        changes.forEach(c -> out.println(Table.clean(c, false)));
        if (steps) {
            strings(m.get("steps")).forEach(s -> out.println("  " + Table.clean(s, false)));
        }
    }

    private String deployment() {
        return options.deployment;
    }

    private String servicePath(String service) {
        return path("deployments", options.deployment, "services", service);
    }

    private String waitQuery() {
        return options.wait == null ? "" : "?wait=" + options.wait;
    }

    static String path(String... segments) {
        StringBuilder out = new StringBuilder();
        for (String s : segments) {
            out.append('/').append(RemoteApi.encode(s));
        }
        return out.toString();
    }

    /** The service a bare image names: company/redis:7 → redis. */
    static String nameOf(String image) {
        String name = image.substring(image.lastIndexOf('/') + 1);
        int cut = name.indexOf('@');
        name = cut >= 0 ? name.substring(0, cut) : name;
        cut = name.indexOf(':');
        return cut >= 0 ? name.substring(0, cut) : name;
    }

    private static String read(String file) throws Failure {
        Path path = Path.of(file);
        try {
            if (Files.size(path) > MAX_FILE) {
                throw new Failure(file + ": larger than 1 MiB, the most the API accepts");
            }
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (NoSuchFileException e) {
            throw new Failure(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new Failure(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new Failure(file + ": cannot read it: " + e.getMessage());
        }
    }

    static Map<?, ?> map(Object value) throws Failure {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new Failure("the server's answer is not what this client expects (an object, got "
                + Table.clean(JsonText.write(value), false) + ")");
    }

    static List<?> list(Object value) throws Failure {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return l;
        }
        throw new Failure("the server's answer is not what this client expects (a list, got "
                + Table.clean(JsonText.write(value), false) + ")");
    }

    static List<String> strings(Object value) throws Failure {
        List<String> out = new ArrayList<>();
        for (Object o : list(value)) {
            out.add(text(o));
        }
        return out;
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof BigDecimal n ? n.toPlainString() : value instanceof String s ? s
                : JsonText.write(value);
    }

    /** A failure to report on stderr, exit status 1; the message names the argument or the server's field. */
    static final class Failure extends Exception {

        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** The command line is wrong: exit status 2, with the usage of the command. */
    static final class UsageException extends Exception {

        private static final long serialVersionUID = 1L;

        final transient Verb verb;

        UsageException(Verb verb, String message) {
            super(message);
            this.verb = verb;
        }
    }
}
