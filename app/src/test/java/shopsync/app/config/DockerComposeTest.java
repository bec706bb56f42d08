package shopsync.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docker-compose.yml parses, runs the three roles from one image, and sets only real configuration keys. */
class DockerComposeTest {
    @Test
    void everyShopsyncVariableInTheComposeFileIsAConfigurationKey() throws Exception {
        Path compose = Path.of("..", "docker-compose.yml");
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(compose));
        Set<String> known = Settings.ALL.stream().map(Setting::envVar).collect(Collectors.toSet());
        root.path("x-shopsync-env").fieldNames().forEachRemaining(name -> assertThat(known).as("x-shopsync-env sets " + name).contains(name));
        Map<String, String> commands = new HashMap<>();
        root.path("services").fields().forEachRemaining(service -> {
            JsonNode env = service.getValue().path("environment");
            env.fieldNames().forEachRemaining(name -> {
                if (name.startsWith("SHOPSYNC_")) assertThat(known).as(service.getKey() + " sets " + name).contains(name);
            });
            if (service.getValue().has("build")) commands.put(service.getKey(), service.getValue().path("command").get(0).asText());
        });
        assertThat(commands).containsEntry("connector", "connector").containsEntry("processor", "processor").containsEntry("sink", "sink");
        assertThat(root.path("services").path("mariadb").path("command").asText()).contains("--binlog-format=ROW", "--binlog-row-image=FULL");

        Map<String, String> env = new HashMap<>();
        root.path("x-shopsync-env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        root.path("services").path("sink").path("environment").fields().forEachRemaining(e -> {
            if (!e.getKey().equals("<<")) env.put(e.getKey(), e.getValue().asText());
        });
        assertThat(ShopsyncConfig.load(null, env).kafka().bootstrapServers()).as("the sink's environment is a valid configuration")
                .isEqualTo("kafka:9092");
    }
}
