package org.atoll.kernel.internal.http;

import java.util.ArrayList;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.atoll.kernel.internal.deploy.DeployService;
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

    private final DeployService deploys;
    private final NodeService nodes;
    private final ProviderRegistry registry;

    public ClusterResource(DeployService deploys, NodeService nodes, ProviderRegistry registry) {
        this.deploys = deploys;
        this.nodes = nodes;
        this.registry = registry;
    }

    @GET
    @Path("instances")
    @Summary("The instances of every deployment, or of one (ps)")
    public List<InstanceView> instances(@QueryParam("deployment") String deployment) {
        return deploys.ps(deployment == null || deployment.isEmpty() ? null : deployment);
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
