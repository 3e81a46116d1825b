package org.atoll.kernel.internal.http;

/** What a change did, in the words the shell prints. */
public record Message(String message) {
}
