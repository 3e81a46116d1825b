package org.atoll.kernel.internal.http;

import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.atoll.kernel.internal.database.DatabaseService;
import org.atoll.kernel.internal.database.DatabaseView;
import org.atoll.spi.database.Secret;

/**
 * Database servers: what {@code db-*} do in the shell. A password may be given in a body (it is
 * stored encrypted, and never answered or logged); without one Atoll generates it. The API never
 * shows passwords: an admin reads them with the shell's {@code db-list --show-secrets}, and services
 * that declare a database get DATABASE_URL.
 */
@Path("/databases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DatabasesResource {

    public record NewDatabase(String kind, String node, String user, String database, String name, String allowed,
            String password) {
        @Override
        public String toString() {
            return "NewDatabase[" + kind + " " + node + " " + user + " " + database + "]";
        }
    }

    public record Rotation(String password) {
        @Override
        public String toString() {
            return "Rotation[]";
        }
    }

    private final DatabaseService databases;

    public DatabasesResource(DatabaseService databases) {
        this.databases = databases;
    }

    @GET
    @Summary("The database servers, without their passwords (db-list)")
    public List<DatabaseView> list() {
        return databases.list(false).stream()
                .map(v -> new DatabaseView(v.database(), v.state(), v.message(), null)).toList();
    }

    @POST
    @Summary(value = "Adds a database with its user on a node (db-add); kind mysql or postgresql",
            errors = {"400 a field is invalid", "502 the server could not be provisioned"})
    public Message add(NewDatabase body, @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(databases.add(body.kind(), body.node(), body.user(), body.database(), body.name(),
                body.allowed(), secret(body.password()), Http.waitTime(wait)));
    }

    @DELETE
    @Path("{name}")
    @Summary(value = "Removes a database server; its data only with ?deleteData=true (db-remove)",
            errors = "404 no such database")
    public Message remove(@PathParam("name") String name, @QueryParam("deleteData") @DefaultValue("false") boolean
            deleteData) {
        return new Message(databases.remove(existing(name), deleteData));
    }

    @POST
    @Path("{name}/rotate")
    @Summary(value = "Gives the database's user a new password, the body's or a generated one (db-rotate)",
            errors = "404 no such database")
    public Message rotate(@PathParam("name") String name, Rotation body,
            @QueryParam("wait") @DefaultValue("60") int wait) {
        return new Message(databases.rotate(existing(name), secret(body.password()), Http.waitTime(wait)));
    }

    private String existing(String name) {
        if (!databases.names().contains(name)) {
            throw ApiError.notFound("name", "no database " + name);
        }
        return name;
    }

    private static Secret secret(String password) {
        return password == null ? null : Secret.of(password);
    }
}
