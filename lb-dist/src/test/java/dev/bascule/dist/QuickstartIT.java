package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Timeout(60)
final class QuickstartIT {
    @Test
    void quickstartAnswersAlternatelyFromBothApps() throws Exception {
        String config = Files.readString(Path.of("src/main/dist/conf/quickstart.cfg"));
        int front = Embedded.freePort();
        int app1 = Embedded.freePort();
        int app2 = Embedded.freePort();
        // the shipped file listens on 8080-8082; the test moves it to ports free on this machine
        config = config.replace("127.0.0.1:8080", "127.0.0.1:" + front)
                .replace("127.0.0.1:8081", "127.0.0.1:" + app1)
                .replace("127.0.0.1:8082", "127.0.0.1:" + app2);
        try (Embedded bascule = Embedded.start(config)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                bodies.add(response.body().trim());
            }
            assertThat(bodies).containsExactly("Hello from app1", "Hello from app2", "Hello from app1",
                    "Hello from app2");
        }
    }
}
