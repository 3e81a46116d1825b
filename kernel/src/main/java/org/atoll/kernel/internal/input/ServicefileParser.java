package org.atoll.kernel.internal.input;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.input.YamlInput.Entry;
import org.atoll.kernel.internal.validate.ModelValidator;
import org.atoll.kernel.internal.validate.Names;
import org.atoll.kernel.internal.validate.Problems;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a Servicefile:
 *
 * <pre>
 * Env:                      # deployment-wide environment
 *     BRANDING: Company Ltd.
 * Domains:                  # routing domains → deployment:service, optional digest auth
 *     example.org: {http: example:app, auth: {internal: secret}}
 * redis:                    # every other key is a service
 *     image: rock77/redis
 *     volumes: {data: /srv/redis}
 * </pre>
 *
 * Top-level keys starting with an upper-case letter are sections ({@code Env}, {@code Domains}); the
 * lower-case {@code env} and {@code domains} are reserved so that a mistyped section is not taken for a
 * service. Field paths in problems: {@code env.KEY}, {@code domains.NAME.http}, {@code services.NAME.FIELD}.
 * Every problem of the file is reported at once, as an {@link InputException}.
 */
public final class ServicefileParser {

    public static final String ENV = "Env";
    public static final String DOMAINS = "Domains";
    private static final List<String> SECTIONS = List.of(ENV, DOMAINS);
    private static final List<String> DOMAIN_KEYS = List.of("http", "auth");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final int MAX_PASSWORD = 256;

    private ServicefileParser() {
    }

    public static DeclaredServices parse(Path file) {
        String name = InputFiles.name(file);
        return parse(name, InputFiles.read(file, name));
    }

    /**
     * @param fileName what to call the file in problems ({@code Servicefile})
     * @throws InputException listing every problem, located
     */
    public static DeclaredServices parse(String fileName, String text) {
        Report report = new Report();
        YamlInput in = new YamlInput(fileName, report);
        Node root = in.compose(text);
        if (root == null) {
            report.throwIfAny();
        }
        in.record("", "", root);
        if (!(root instanceof MappingNode)) {
            in.expected(root, "", "a map of services");
            report.throwIfAny();
        }
        ServiceReader reader = new ServiceReader(in);
        Map<String, String> env = Map.of();
        Map<String, Domain> domains = Map.of();
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        Map<String, ServiceSpec> misnamed = new LinkedHashMap<>();
        for (Entry e : in.mapping(root, "", null).values()) {
            String key = e.key();
            if (key.equals(ENV)) {
                env = in.env(e, "env", "env");
            } else if (key.equals(DOMAINS)) {
                domains = domains(in, e);
            } else if (!key.isEmpty() && Character.isUpperCase(key.charAt(0))) {
                in.error(e.keyNode(), YamlInput.join("", key), "unknown section" + Suggest.key(key, SECTIONS));
            } else if (key.equals("env") || key.equals("domains")) {
                in.error(e.keyNode(), key, "is reserved" + Suggest.key(key, SECTIONS));
            } else {
                String p = YamlInput.join("services", key);
                in.record(p, p, e.keyNode());
                String nameProblem = Names.name(key);
                if (nameProblem != null) {
                    in.error(e.keyNode(), p, nameProblem);
                }
                ServiceSpec spec = reader.read(p, e.value());
                if (spec != null && nameProblem == null) {
                    services.put(key, spec);
                } else if (spec != null) {
                    misnamed.put(p, spec);
                }
            }
        }
        if (services.isEmpty() && report.isEmpty()) {
            in.error(root, "", "declares no services");
        }
        Problems found = new Problems();
        ModelValidator.env("env", env, found);
        misnamed.forEach((path, spec) -> ModelValidator.service(path, spec, found));
        services.forEach((name, spec) -> {
            ModelValidator.service("services." + name, spec, found);
            checkLinks(name, spec, services, found);
        });
        report.validated(found);
        report.throwIfAny();
        return new DeclaredServices(env, services, domains, report.sources);
    }

    private static void checkLinks(String name, ServiceSpec spec, Map<String, ServiceSpec> services, Problems found) {
        for (int i = 0; i < spec.links().size(); i++) {
            LinkSpec link = spec.links().get(i);
            if (Names.name(link.service()) == null && !services.containsKey(link.service())) {
                found.add("services." + name + ".links[" + i + "].service",
                        Names.quote(link.service()) + " is not a service in this file");
            }
        }
    }

    private static Map<String, Domain> domains(YamlInput in, Entry section) {
        Map<String, Domain> out = new LinkedHashMap<>();
        in.record("domains", "domains", section);
        for (Entry d : in.mapping(section.value(), "domains", null).values()) {
            String p = YamlInput.join("domains", d.key());
            in.record(p, p, d.keyNode());
            String hostProblem = Names.host(d.key());
            if (hostProblem != null) {
                in.error(d.keyNode(), p, hostProblem);
            }
            Map<String, Entry> m = in.mapping(d.value(), p, DOMAIN_KEYS);
            Entry http = m.get("http");
            String target = http == null ? null : in.text(http.value(), p + ".http");
            String[] parts = target == null ? new String[0] : target.split(":", -1);
            if (target == null) {
                if (http == null || YamlInput.isNull(http.value())) {
                    in.error(http == null ? d.keyNode() : http.keyNode(), p + ".http", "is required (deployment:service)");
                }
            } else if (parts.length != 2) {
                in.error(http.value(), p + ".http", Names.quote(target) + " is not deployment:service");
            } else {
                for (String part : parts) {
                    String problem = Names.name(part);
                    if (problem != null) {
                        in.error(http.value(), p + ".http", problem);
                    }
                }
            }
            Map<String, String> auth = auth(in, m.get("auth"), p + ".auth");
            if (hostProblem == null) {
                out.put(d.key(), new Domain(d.key(), parts.length == 2 ? parts[0] : null,
                        parts.length == 2 ? parts[1] : null, auth));
            }
        }
        return out;
    }

    /** Digest users → passwords. Problems never quote a password. */
    private static Map<String, String> auth(YamlInput in, Entry e, String p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (e == null) {
            return out;
        }
        in.record(p, p, e);
        for (Entry u : in.mapping(e.value(), p, null).values()) {
            if (!USER.matcher(u.key()).matches()) {
                in.error(u.keyNode(), p, Names.quote(u.key())
                        + " is not a user name (letters, digits and ._@-, at most 64 characters)");
                continue;
            }
            String up = p + "." + u.key();
            in.record(up, up, u.keyNode());
            String password = in.text(u.value(), up);
            if (password == null && !YamlInput.isNull(u.value())) {
                continue;
            }
            String problem = password == null || password.isEmpty() ? "needs a password"
                    : password.length() > MAX_PASSWORD ? "the password is longer than " + MAX_PASSWORD + " characters"
                    : Names.text(password, MAX_PASSWORD) != null ? "the password contains a control character"
                    : null;
            if (problem != null) {
                in.error(u.keyNode(), up, problem);
            } else {
                out.put(u.key(), password);
            }
        }
        return out;
    }
}
