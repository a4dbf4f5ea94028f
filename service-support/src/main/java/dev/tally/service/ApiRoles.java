package dev.tally.service;

/**
 * The roles the services' HTTP APIs require, read from the bearer token's {@code groups} claim:
 * posting events needs {@link #PRODUCER} (or {@link #OPERATOR}); every other write needs {@link #OPERATOR}; reads need
 * {@link #VIEWER} (an operator may read too). A producer's credential cannot compensate, rebuild or re-drive.
 */
public final class ApiRoles {

    public static final String OPERATOR = "tally-operator";
    public static final String VIEWER = "tally-viewer";
    public static final String PRODUCER = "tally-producer";

    private ApiRoles() {
    }
}
