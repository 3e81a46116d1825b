package org.atoll.kernel.internal.routing;

/** One line of the managed hosts block: {@code address host}. */
record HostEntry(String host, String address) {
}
