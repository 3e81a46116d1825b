package org.atoll.kernel.internal.database;

import org.atoll.api.model.Database;

/**
 * A database for listing.
 *
 * @param database the database
 * @param state    {@code ready}, {@code pending}, {@code failed} or {@code remote}
 * @param message  why it is not ready; empty otherwise
 * @param password the password, or {@code ******} unless revealed
 */
public record DatabaseView(Database database, String state, String message, String password) {
}
