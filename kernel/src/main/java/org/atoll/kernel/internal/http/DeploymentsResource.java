package org.atoll.kernel.internal.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.Context;
import org.atoll.api.model.Deployment;
import org.atoll.api.model.Service;
import org.atoll.api.model.ServiceSpec;
import org.atoll.api.model.ServiceVersion;
import org.atoll.kernel.internal.deploy.Declared;
import org.atoll.kernel.internal.deploy.DeployOutcome;
import org.atoll.kernel.internal.deploy.DeployService;
import org.atoll.kernel.internal.deploy.DeploymentService;
import org.atoll.kernel.internal.deploy.DeploymentSummary;
import org.atoll.kernel.internal.deploy.SpecPatch;
import org.atoll.kernel.internal.input.DeclaredServices;
import org.atoll.kernel.internal.input.FlockerParser;
import org.atoll.kernel.internal.input.ServicefileParser;
import org.atoll.kernel.internal.routing.RoutingService;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.kernel.internal.validate.ValidationException;

/**
 * Deployments, their services and versions, plan and deploy: what {@code deployment-*},
 * {@code set-service}, {@code rollback}, {@code plan} and {@code deploy} do in the shell. Reads carry
 * the deployment's store revision as ETag; writes take it back in If-Match and fail with 412, changing
 * nothing, when the deployment has changed since.
 */
@Path("/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentsResource {

    private static final int READ_ATTEMPTS = 5;

    private final DeploymentService deployments;
    private final DeployService deploys;
    private final RoutingService routing;
    private final StateRepository state;

    public DeploymentsResource(DeploymentService deployments, DeployService deploys, RoutingService routing,
            StateRepository state) {
        this.deployments = deployments;
        this.deploys = deploys;
        this.routing = routing;
        this.state = state;
    }

    @GET
    @Summary("Lists the deployments")
    public List<DeploymentSummary> list() {
        return deployments.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Summary(value = "Creates a deployment (create-deployment)",
            errors = {"400 the name or description is invalid", "409 the name is taken"})
    @Returns(Views.DeploymentView.class)
    public Response create(Views.NewDeployment body) {
        if (body.name() != null && deploys.revision(body.name()) != 0) {
            throw ApiError.conflict("name", "deployment " + body.name() + " exists already");
        }
        try {
            deployments.create(body.name(), body.description());
        } catch (ValidationException e) {
            if (body.name() != null && deploys.revision(body.name()) != 0) {
                throw ApiError.conflict("name", "deployment " + body.name() + " exists already");
            }
            throw e;
        }
        Views.DeploymentView view = view(body.name()).orElseThrow();
        return Response.created(URI.create("deployments/" + body.name())).tag(Http.tag(view.revision()))
                .entity(view).build();
    }

    @GET
    @Path("{deployment}")
    @Summary(value = "A deployment with its services; the ETag is its revision", errors = "404 no such deployment")
    @Returns(Views.DeploymentView.class)
    public Response get(@PathParam("deployment") String deployment, @Context Request request) {
        Views.DeploymentView view = view(deployment).orElseThrow(() -> noDeployment(deployment));
        return Http.tagged(request, view.revision(), view);
    }

    @DELETE
    @Path("{deployment}")
    @Summary(value = "Removes a deployment with its services; its instances are stopped",
            errors = {"404 no such deployment", "412 If-Match is not the deployment's revision"})
    public Views.Removed remove(@PathParam("deployment") String deployment,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        long current = existing(deployment);
        int stopping = deployments.remove(deployment, Http.ifMatch(ifMatch, current));
        routing.declareDomains(deployment, java.util.Map.of(), java.time.Duration.ZERO);
        return new Views.Removed(deployment, stopping);
    }

    @GET
    @Path("{deployment}/services")
    @Summary(value = "The services of a deployment", errors = "404 no such deployment")
    public List<Views.ServiceView> services(@PathParam("deployment") String deployment) {
        return view(deployment).orElseThrow(() -> noDeployment(deployment)).services();
    }

    @GET
    @Path("{deployment}/services/{service}")
    @Summary(value = "One service with its current spec; the ETag is the deployment's revision",
            errors = "404 no such deployment or service")
    @Returns(Views.ServiceView.class)
    public Response service(@PathParam("deployment") String deployment, @PathParam("service") String service,
            @Context Request request) {
        Views.DeploymentView view = view(deployment).orElseThrow(() -> noDeployment(deployment));
        Views.ServiceView s = view.services().stream().filter(v -> v.name().equals(service)).findFirst()
                .orElseThrow(() -> ApiError.notFound("service", "deployment " + deployment + " has no service "
                        + service));
        return Http.tagged(request, view.revision(), s);
    }

    @PUT
    @Path("{deployment}/services/{service}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Summary(value = "Makes the body the service's whole spec: a new version unless only the count changed",
            errors = {"400 the spec is invalid", "404 no such deployment",
                "412 If-Match is not the deployment's revision", "502 an instance cannot run"})
    @Returns(Views.Outcome.class)
    public Response put(@PathParam("deployment") String deployment, @PathParam("service") String service,
            ServiceSpec spec, @QueryParam("wait") @DefaultValue("60") int wait,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        long current = existing(deployment);
        DeployOutcome outcome = deploys.setService(deployment, service, spec, Http.waitTime(wait),
                Http.ifMatch(ifMatch, current));
        return changed(outcome, null);
    }

    @PATCH
    @Path("{deployment}/services/{service}")
    @Consumes({MediaType.APPLICATION_JSON, Http.MERGE_PATCH, Http.YAML, Http.TEXT_YAML, Http.TEXT})
    @Summary(value = "Changes the fields the body names (set-service), JSON or a YAML flow such as"
            + " {env: {SDF: sdf}}; a new service needs an image",
            errors = {"400 the fields are invalid", "404 no such deployment",
                "412 If-Match is not the deployment's revision", "502 an instance cannot run"})
    @Returns(Views.Outcome.class)
    public Response patch(@PathParam("deployment") String deployment, @PathParam("service") String service,
            String fields, @QueryParam("wait") @DefaultValue("60") int wait,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        long current = existing(deployment);
        long expected = Http.ifMatch(ifMatch, current);
        Optional<ServiceSpec> spec = deploys.spec(deployment, service);
        if (spec.isEmpty() && !fields.contains("image")) {
            throw ApiError.invalid("image", "service " + service + " does not exist yet; give the image to run");
        }
        ServiceSpec base = spec.orElseGet(() -> ServiceSpec.of(null, 1));
        ServiceSpec changed = SpecPatch.apply(base, null, null, fields);
        return changed(deploys.setService(deployment, service, changed, Http.waitTime(wait), expected), null);
    }

    @GET
    @Path("{deployment}/services/{service}/versions")
    @Summary(value = "The stored versions of a service", errors = "404 no such deployment or service")
    public List<ServiceVersion> versions(@PathParam("deployment") String deployment,
            @PathParam("service") String service) {
        existing(deployment);
        if (state.service(deployment, service).isEmpty()) {
            throw ApiError.notFound("service", "deployment " + deployment + " has no service " + service);
        }
        return deploys.versions(deployment, service);
    }

    @POST
    @Path("{deployment}/services/{service}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Summary(value = "Makes a stored version current again",
            errors = {"400 no such version", "404 no such deployment or service",
                "412 If-Match is not the deployment's revision"})
    @Returns(Views.Outcome.class)
    public Response rollback(@PathParam("deployment") String deployment, @PathParam("service") String service,
            Views.Rollback body, @QueryParam("wait") @DefaultValue("60") int wait,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        long current = existing(deployment);
        return changed(deploys.rollback(deployment, service, body.version(), Http.waitTime(wait),
                Http.ifMatch(ifMatch, current)), null);
    }

    @POST
    @Path("{deployment}/plan")
    @Consumes({Http.YAML, Http.TEXT_YAML, Http.TEXT, MediaType.APPLICATION_JSON})
    @Summary(value = "What deploying a Servicefile (YAML body) or a Flocker pair (JSON body {application,"
            + " deployment}) would change; changes nothing", errors = "400 the file is invalid (with line and column)")
    public Views.PlanView plan(@PathParam("deployment") String deployment, String body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        DeclaredServices parsed = parse(body, contentType);
        try {
            return Views.PlanView.of(deploys.plan(deployment, declared(parsed)));
        } catch (ValidationException e) {
            throw parsed.locate(e);
        }
    }

    @POST
    @Path("{deployment}/deploy")
    @Consumes({Http.YAML, Http.TEXT_YAML, Http.TEXT, MediaType.APPLICATION_JSON})
    @Summary(value = "Deploys a Servicefile (YAML body) or a Flocker pair (JSON body {application, deployment})",
            errors = {"400 the file is invalid (with line and column)",
                "412 If-Match is not the deployment's revision", "502 an instance cannot run"})
    @Returns(Views.Outcome.class)
    public Response deploy(@PathParam("deployment") String deployment, String body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @QueryParam("wait") @DefaultValue("60") int wait, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        DeclaredServices parsed = parse(body, contentType);
        long expected = Http.ifMatch(ifMatch, deploys.revision(deployment));
        DeployOutcome outcome;
        String domains;
        try {
            outcome = deploys.deploy(deployment, declared(parsed), Http.waitTime(wait), expected);
            domains = routing.declareDomains(deployment, parsed.domains(), Http.waitTime(wait));
        } catch (ValidationException e) {
            throw parsed.locate(e);
        }
        return changed(outcome, domains);
    }

    private static Declared declared(DeclaredServices parsed) {
        return new Declared(parsed.env(), parsed.services(), true);
    }

    private static DeclaredServices parse(String body, String contentType) {
        if (body == null || body.isBlank()) {
            throw ApiError.invalid(null, "the body is empty: send a Servicefile (application/yaml) or a Flocker"
                    + " pair (application/json {\"application\": …, \"deployment\": …})");
        }
        if (contentType != null && MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            Views.FlockerPair pair;
            try {
                pair = JsonBody.STRICT.readValue(body, Views.FlockerPair.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw JsonBody.refused(e);
            }
            if (pair.application() == null || pair.deployment() == null) {
                throw ApiError.invalid(pair.application() == null ? "application" : "deployment",
                        "give both the application config and the deployment config, as YAML text");
            }
            return FlockerParser.parse("application", pair.application(), "deployment", pair.deployment());
        }
        return ServicefileParser.parse("Servicefile", body);
    }

    private Response changed(DeployOutcome outcome, String extra) {
        Views.Outcome out = Views.Outcome.of(outcome, extra);
        Response.ResponseBuilder r = Response.ok(out);
        if (out.revision() > 0) {
            r.tag(Http.tag(out.revision()));
        }
        return r.build();
    }

    /** The deployment's revision; 404 when it does not exist. */
    private long existing(String deployment) {
        long revision = deploys.revision(deployment);
        if (revision == 0) {
            throw noDeployment(deployment);
        }
        return revision;
    }

    private static ApiError noDeployment(String deployment) {
        return ApiError.notFound("deployment", "no deployment " + deployment);
    }

    /** The deployment read whole at one revision (read again when it changed while reading). */
    private Optional<Views.DeploymentView> view(String deployment) {
        for (int attempt = 1; ; attempt++) {
            long before = deploys.revision(deployment);
            Optional<Deployment> d = state.deployment(deployment);
            if (before == 0 || d.isEmpty()) {
                return Optional.empty();
            }
            List<Views.ServiceView> services = new ArrayList<>();
            for (Service s : state.services(deployment)) {
                ServiceSpec spec = state.version(deployment, s.name(), s.version()).map(ServiceVersion::spec)
                        .orElse(null);
                services.add(new Views.ServiceView(deployment, s.name(), s.version(), s.count(), s.nodes(),
                        s.updated(), spec == null ? null : spec.withCount(s.count())));
            }
            if (deploys.revision(deployment) == before || attempt == READ_ATTEMPTS) {
                return Optional.of(new Views.DeploymentView(d.get().name(), d.get().description(), d.get().env(),
                        d.get().created(), before, services));
            }
        }
    }
}
