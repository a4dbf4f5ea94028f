package dev.tally.service;

/**
 * The roles the services' HTTP APIs require, read from the bearer token's {@code groups} claim:
 * writes need {@link #OPERATOR}; reads need {@link #VIEWER} (an operator may read too).
 */
public final class ApiRoles {

    public static final String OPERATOR = "tally-operator";
    public static final String VIEWER = "tally-viewer";

    private ApiRoles() {
    }
}
