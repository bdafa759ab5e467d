package io.secmlops.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Per-image statistics against numpy/scipy (fixtures/make_image_fixtures.py) and on images with known answers. */
class ImageStatsTest {
    @Test
    void equalNumpyOnStoredPixels() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/image_reference.json")) {
            doc = new ObjectMapper().readTree(in);
        }
        for (JsonNode c : doc.get("images")) {
            int w = c.get("width").asInt();
            int h = c.get("height").asInt();
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            JsonNode px = c.get("rgb");
            for (int i = 0; i < w * h; i++) {
                JsonNode p = px.get(i);
                img.setRGB(i % w, i / w, (p.get(0).asInt() << 16) | (p.get(1).asInt() << 8) | p.get(2).asInt());
            }
            ImageStats s = ImageStats.of(img);
            rel(s.brightness(), c.get("brightness").asDouble());
            rel(s.contrast(), c.get("contrast").asDouble());
            rel(s.sharpness(), c.get("sharpness").asDouble());
            rel(s.colourfulness(), c.get("colourfulness").asDouble());
        }
    }

    @Test
    void knownAnswers() {
        // a flat grey image: no contrast, no edges, no colour
        ImageStats grey = ImageStats.of(fill(8, 6, 0x808080));
        assertThat(grey.brightness()).isCloseTo(128, within(1e-9));
        assertThat(grey.contrast()).isZero();
        assertThat(grey.sharpness()).isZero();
        assertThat(grey.colourfulness()).isZero();
        // pure red: rg = 255, yb = 127.5, no spread: colourfulness 0.3 * sqrt(255² + 127.5²)
        ImageStats red = ImageStats.of(fill(5, 5, 0xff0000));
        assertThat(red.colourfulness()).isCloseTo(0.3 * Math.hypot(255, 127.5), within(1e-9));
        // a black and white checkerboard: Laplacian +-4*255 alternating, variance (4*255)^2
        BufferedImage cb = new BufferedImage(6, 6, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                cb.setRGB(x, y, (x + y) % 2 == 0 ? 0xffffff : 0);
            }
        }
        assertThat(ImageStats.of(cb).sharpness()).isCloseTo(Math.pow(4 * 255.0, 2), within(1e-6));
        assertThat(ImageStats.of(cb).contrast()).isCloseTo(127.5, within(1e-9));
    }

    static BufferedImage fill(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    private static void rel(double a, double e) {
        assertThat(a).isCloseTo(e, within(1e-9 * Math.max(1, Math.abs(e))));
    }
}
