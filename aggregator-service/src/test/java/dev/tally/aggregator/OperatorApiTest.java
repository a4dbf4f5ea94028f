package dev.tally.aggregator;

import dev.tally.localstack.DevTokens;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test whose API calls carry a bearer token with the role tally-operator (which may read too), signed with
 * the key the application under test trusts ({@link DevTokens}, injected by {@code LocalStackTestResource}).
 */
abstract class OperatorApiTest {

    DevTokens tokens;

    @BeforeEach
    void authenticateAsOperator() {
        RestAssured.authentication = RestAssured.oauth2(tokens.operator());
    }

    @AfterEach
    void forgetAuthentication() {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
    }
}
