package org.atoll.kernel.internal.http;

import java.util.ArrayList;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.atoll.kernel.internal.deploy.DeployService;
import org.atoll.kernel.internal.deploy.DeploymentService;
import org.atoll.kernel.internal.deploy.InstanceView;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.node.NodeStatus;
import org.atoll.kernel.internal.registry.ExtensionPoint;
import org.atoll.kernel.internal.registry.ProviderEntry;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.spi.ProviderStatus;

/** What runs where, read only: instances, nodes and plugins. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    private final DeploymentService deployments;
    private final DeployService deploys;
    private final NodeService nodes;
    private final ProviderRegistry registry;

    public ClusterResource(DeploymentService deployments, DeployService deploys, NodeService nodes,
            ProviderRegistry registry) {
        this.deployments = deployments;
        this.deploys = deploys;
        this.nodes = nodes;
        this.registry = registry;
    }

    @GET
    @Path("instances")
    @Summary("The instances of every deployment, or of one (ps)")
    public List<Views.InstanceRow> instances(@QueryParam("deployment") String deployment) {
        List<String> names = deployment == null || deployment.isEmpty() ? deployments.names() : List.of(deployment);
        List<Views.InstanceRow> out = new ArrayList<>();
        for (String d : names) {
            for (InstanceView i : deploys.ps(d)) {
                out.add(new Views.InstanceRow(d, i.id(), i.service(), i.version(), i.node(), i.state(), i.address(),
                        i.ports(), i.problem()));
            }
        }
        return out;
    }

    @GET
    @Path("nodes")
    @Summary("The nodes of the cluster, whether they are up, and how many instances each runs")
    public List<NodeStatus> nodes() {
        return nodes.list();
    }

    @GET
    @Path("plugins")
    @Summary("Every extension point with its providers: version, status and capabilities")
    public List<Views.PluginView> plugins() {
        List<Views.PluginView> out = new ArrayList<>();
        for (ExtensionPoint point : ExtensionPoint.values()) {
            for (ProviderEntry e : registry.entries(point)) {
                ProviderStatus status = e.status();
                out.add(new Views.PluginView(point.label(), e.name(), e.provider().info().version(),
                        status.state().name(), status.message(),
                        e.provider().capabilities().stream().sorted().toList()));
            }
        }
        return out;
    }
}
