package org.atoll.kernel.internal.input;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.validate.Problem;
import org.atoll.kernel.internal.validate.ValidationException;

/**
 * What a Servicefile or a Flocker application + deployment config declares, already validated: the
 * deployment-wide environment, the services in file order, the routing domains, and where each field
 * came from so that later checks can still point at a line.
 */
public final class DeclaredServices {

    private final Map<String, String> env;
    private final Map<String, ServiceSpec> services;
    private final Map<String, Domain> domains;
    private final SourceMap sources;

    public DeclaredServices(Map<String, String> env, Map<String, ServiceSpec> services,
            Map<String, Domain> domains, SourceMap sources) {
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        this.domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
        this.sources = sources;
    }

    /** The deployment-wide environment (a Servicefile's {@code Env:}); empty for Flocker configs. */
    public Map<String, String> env() {
        return env;
    }

    /** Service name → spec, in the order of the file. */
    public Map<String, ServiceSpec> services() {
        return services;
    }

    /** Domain name → routing target (a Servicefile's {@code Domains:}). */
    public Map<String, Domain> domains() {
        return domains;
    }

    /** Model field path ({@code services.web.ports[1].host}) → where it was written. */
    public Map<String, SourceLocation> locations() {
        return sources.locations();
    }

    public SourceMap sources() {
        return sources;
    }

    /** Places a problem found later on this model ({@code services.web.links[0].port}) in the files. */
    public InputProblem locate(Problem problem) {
        return sources.locate(problem);
    }

    /** Turns problems found later on this model into a located, ordered exception. */
    public InputException locate(List<Problem> problems) {
        return new InputException(sources.locate(problems));
    }

    public InputException locate(ValidationException e) {
        return e instanceof InputException ie ? ie : locate(e.problems());
    }

    @Override
    public String toString() {
        return "DeclaredServices[env=" + env.keySet() + ", services=" + services.keySet() + ", domains="
                + domains.values() + "]";
    }
}
