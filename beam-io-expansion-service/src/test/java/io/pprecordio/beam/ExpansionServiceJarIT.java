package io.pprecordio.beam;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built expansion-service jar, run as Python and Beam YAML run it ({@code java -jar
 * pprecordio-expansion-service.jar PORT}), expands the read URN into a runnable transform.
 */
class ExpansionServiceJarIT {
  @TempDir Path dir;

  @Test
  void theJarServesTheReadSchemaTransform() throws Exception {
    String jar = System.getProperty("pprecordio.expansion.jar");
    int port = SchemaTransformsTest.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = dir.resolve("expansion-service.log").toFile();
    Process service = new ProcessBuilder(java, "-jar", jar, Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log).start();
    try {
      SchemaTransformsTest.awaitListening(port);
      SchemaTransformsTest.assertReadExpandsThrough("localhost:" + port,
          dir.resolve("*.pp_recordio").toString());
    } finally {
      service.destroy();
      service.waitFor();
    }
  }
}
