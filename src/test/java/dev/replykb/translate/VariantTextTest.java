package dev.replykb.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.replykb.TestCatalogs;
import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.CatalogLoader;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A save through the editor writes the catalog's own style: an unchanged save changes nothing. */
class VariantTextTest {

  @Test
  void anUnchangedVariantOfTheBundledCatalogIsWrittenByteForByte() throws IOException {
    Catalog catalog = new CatalogLoader().load(TestCatalogs.bundled());
    String source = catalog.settings().sourceLocale().toLanguageTag();
    List<String> differing = new ArrayList<>();
    int files = 0;
    for (Template template : catalog.templates()) {
      for (Variant v : template.variants().values()) {
        boolean isSource = v.localeTag().equals(source);
        CatalogEditor.Draft draft =
            new CatalogEditor.Draft(
                v.title(),
                v.tags(),
                v.examples(),
                isSource ? v.channel().label() : null,
                v.tone() == null ? null : v.tone().label(),
                isSource ? v.shortcut() : null,
                v.omits(),
                v.body().pattern());
        String written = VariantText.of(draft, v.sourceHash());
        String file = Files.readString(catalog.root().resolve(v.file()), StandardCharsets.UTF_8);
        files++;
        if (!written.equals(file)) {
          differing.add(v.file());
        }
      }
    }
    assertEquals(List.of(), differing, "of " + files + " files");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "yes",
        "No",
        "null",
        "~",
        "12",
        "1.5",
        "-3",
        ".inf",
        "#hashtag",
        "- dash",
        "a: b",
        "x #y",
        "[x]",
        "{x}",
        "'q'",
        "\"q\"",
        "@me",
        "100%",
        "*star",
        "!bang",
        "a, b",
        "Ärger? Nein!",
        "亲，这个可以退",
        "tab\there",
        "back\\slash"
      })
  void everyValueReadsBackAsTheSameText(String value) throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    assertEquals(value, yaml.readTree("k: " + VariantText.quoted(value, false)).get("k").asText());
    assertEquals(
        value,
        yaml.readTree("k: [" + VariantText.quoted(value, true) + "]").get("k").get(0).asText());
  }
}
