package io.pprecordio.examples.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The CLI's JSON parsed by Jackson, strictly (one value, nothing after it), so tests check real
 * JSON rather than substrings: objects become maps, arrays lists, whole numbers Long.
 */
final class JsonTree {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_LONG_FOR_INTS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonTree() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text) {
    try {
      return MAPPER.readValue(text, Map.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }
}
