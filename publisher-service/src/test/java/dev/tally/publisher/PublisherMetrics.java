package dev.tally.publisher;

import static io.restassured.RestAssured.given;

/** Reads the publisher's meters from its Prometheus endpoint. */
public final class PublisherMetrics {

    private PublisherMetrics() {
    }

    /** The value of a sink's meter, e.g. {@code tally_sink_rows_upserted_total}; 0 when it has no sample yet. */
    public static double sinkMeter(String name, String pipeline, String sink) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        String labels = "pipeline=\"" + pipeline + "\"";
        String sinkLabel = "sink=\"" + sink + "\"";
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels) && line.contains(sinkLabel)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
