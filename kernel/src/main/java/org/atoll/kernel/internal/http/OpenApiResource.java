package org.atoll.kernel.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** The OpenAPI document of this API, generated from the resource classes when first asked for. */
@Path("/openapi.json")
@Produces(MediaType.APPLICATION_JSON)
public class OpenApiResource {

    private final List<Class<?>> resources;
    private final String serverUrl;
    private volatile ObjectNode document;

    public OpenApiResource(List<Class<?>> resources, String serverUrl) {
        this.resources = List.copyOf(resources);
        this.serverUrl = serverUrl;
    }

    @GET
    @Summary("This document: every operation of the API, generated from the code")
    public ObjectNode document() {
        ObjectNode d = document;
        if (d == null) {
            d = OpenApi.document("Atoll", "v1", serverUrl, resources);
            document = d;
        }
        return d;
    }
}
