"""Cuts the person out of a public-domain press portrait and sets them on a plain light wall.

Demo material only: the demo camera replays the result, so that a demo capture shows a person on
a light plain background as at the counter. Nothing in the product alters a citizen's photo; this
runs once, by hand (scripts/make-demo-portrait.sh), and its output is committed.

Steps: crop the head and shoulders from the source (optionally rotated to level a tilted head),
resize to the output size, segment the person with MediaPipe's selfie segmentation model (TFLite,
run with ai-edge-litert), refine the model's 256x256 mask along the image's own edges (a guided
filter), take the person's colours at the soft edge from just inside it (so the old background
does not bleed in), and composite onto a plain light wall: by default the replay camera's own
wall colour, sRGB 214,214,210 (CIE L* 85.5, chroma 2.1). Optionally evens a left/right light
fall-off across the person (a linear ramp measured on the face), for sources lit from one side.
"""

import argparse
import sys

import numpy as np
from ai_edge_litert.interpreter import Interpreter
from PIL import Image, ImageOps


def box_filter(a: np.ndarray, r: int) -> np.ndarray:
    """Mean over a (2r+1)^2 window, edges clamped (cumulative sums, any channel count)."""
    pad = [(r + 1, r)] + [(r + 1, r)] + [(0, 0)] * (a.ndim - 2)
    p = np.pad(a, pad, mode="edge").cumsum(0).cumsum(1)
    k = 2 * r + 1
    s = p[k:, k:] - p[:-k, k:] - p[k:, :-k] + p[:-k, :-k]
    return s / float(k * k)


def gaussian_blur(a: np.ndarray, sigma: float) -> np.ndarray:
    """A separable Gaussian blur of a 2-D array, edges clamped."""
    r = max(1, int(3 * sigma))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / max(sigma, 1e-6)) ** 2)
    k /= k.sum()
    p = np.pad(a, r, mode="edge")
    rows = sum(k[i] * p[:, i : i + a.shape[1]] for i in range(2 * r + 1))
    return sum(k[i] * rows[i : i + a.shape[0], :] for i in range(2 * r + 1))


def guided_filter(guide: np.ndarray, src: np.ndarray, r: int, eps: float) -> np.ndarray:
    """He et al.'s guided filter with a grey guide: `src` follows the edges of `guide`."""
    mean_i = box_filter(guide, r)
    mean_p = box_filter(src, r)
    cov_ip = box_filter(guide * src, r) - mean_i * mean_p
    var_i = box_filter(guide * guide, r) - mean_i * mean_i
    a = cov_ip / (var_i + eps)
    b = mean_p - a * mean_i
    return box_filter(a, r) * guide + box_filter(b, r)


def segment(model: str, rgb: np.ndarray) -> np.ndarray:
    """The model's person probability (0..1) at the image's size (bilinear upsampling)."""
    it = Interpreter(model_path=model)
    it.allocate_tensors()
    ind, outd = it.get_input_details()[0], it.get_output_details()[0]
    _, mh, mw, _ = ind["shape"]
    small = Image.fromarray(rgb).resize((int(mw), int(mh)), Image.BILINEAR)
    x = np.asarray(small, dtype=np.float32)[None] / 255.0
    it.set_tensor(ind["index"], x)
    it.invoke()
    m = np.clip(it.get_tensor(outd["index"])[0, :, :, 0], 0.0, 1.0)
    h, w = rgb.shape[:2]
    up = Image.fromarray((m * 65535).astype(np.uint16)).resize((w, h), Image.BILINEAR)
    return np.asarray(up, dtype=np.float64) / 65535.0


def lightness_chroma(rgb: tuple[int, int, int]) -> tuple[float, float]:
    """CIE L* and chroma C*ab (D65) of an sRGB colour, as the background check measures them."""
    c = np.array(rgb, dtype=np.float64) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    x, y, z = (m @ c) / np.array([0.95047, 1.0, 1.08883])

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    a, b = 500 * (f(x) - f(y)), 200 * (f(y) - f(z))
    return 116 * f(y) - 16, float(np.hypot(a, b))


def matte(rgb: np.ndarray, prob: np.ndarray, feather: float) -> np.ndarray:
    """A soft alpha from the model's probability: refined along the image's own edges (the model
    sees 256x256), then a smooth step around its 0.5 contour blurred to about `feather` px."""
    grey = rgb.astype(np.float64).mean(axis=2) / 255.0
    scale = max(rgb.shape[:2]) / 256.0
    refined = np.clip(guided_filter(grey, prob, r=max(2, int(round(2 * scale))), eps=1e-3), 0.0, 1.0)
    t = np.clip((refined - 0.25) / 0.5, 0.0, 1.0)
    alpha = t * t * (3 - 2 * t)
    return gaussian_blur(alpha, feather / 2)


def foreground_colours(rgb: np.ndarray, alpha: np.ndarray, r: int) -> np.ndarray:
    """The person's colours: the image where the person is solid, and at the soft edge the mean
    colour of nearby solid person pixels (so the old background does not bleed into the edge)."""
    img = rgb.astype(np.float64)
    # Solid: well inside the outline (the outermost solid pixels may still mix in the old wall).
    solid = (box_filter((alpha > 0.99).astype(np.float64), 2) > 0.999).astype(np.float64)
    num = box_filter(img * solid[..., None], r)
    den = box_filter(solid, r)[..., None]
    inside = np.where(den > 1e-3, num / np.maximum(den, 1e-3), img)
    w = (box_filter(solid, 2) > 0.999).astype(np.float64)[..., None]
    return w * img + (1 - w) * inside


def even_light(rgb: np.ndarray, alpha: np.ndarray, face: tuple[int, int, int, int]) -> np.ndarray:
    """Evens a left/right light fall-off: fits a linear luminance ramp over the face box and
    divides it out over the person (gain 1 at the face's centre)."""
    x0, y0, x1, y1 = face
    img = rgb.astype(np.float64)
    lum = img[y0:y1, x0:x1].mean(axis=2)
    xs = np.arange(x0, x1, dtype=np.float64)
    cols = lum.mean(axis=0)
    slope, icept = np.polyfit(xs, cols, 1)
    cx = (x0 + x1) / 2
    at_centre = slope * cx + icept
    ramp = (slope * np.arange(rgb.shape[1]) + icept) / at_centre
    gain = 1.0 / np.clip(ramp, 0.6, 1.6)[None, :]
    gain = 1.0 + (gain - 1.0) * alpha  # only the person
    return np.clip(img * gain[..., None], 0, 255)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("source")
    p.add_argument("model", help="selfie_segmentation.tflite")
    p.add_argument("out", help="PNG to write")
    p.add_argument("--crop", required=True, help="x0,y0,x1,y1 in source pixels (head and shoulders)")
    p.add_argument(
        "--rotate", type=float, default=0.0, help="degrees counter-clockwise about the crop's centre (levels a head)"
    )
    p.add_argument("--size", default="900x1125", help="output WxH")
    p.add_argument(
        "--wall",
        default="214,214,210",
        help="wall colour R,G,B (default: the replay camera's own wall, L* 85.5, C* 2.1, so the "
        "portrait's edge does not show where the demo camera places it)",
    )
    p.add_argument("--feather", type=float, default=3.0, help="soft edge width in output px")
    p.add_argument("--even-light", help="x0,y0,x1,y1 face box in output px: even a side fall-off")
    a = p.parse_args()

    src = ImageOps.exif_transpose(Image.open(a.source)).convert("RGB")
    box = tuple(int(v) for v in a.crop.split(","))
    w, h = (int(v) for v in a.size.lower().split("x"))
    if a.rotate:
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        src = src.rotate(a.rotate, resample=Image.BICUBIC, center=centre)
    rgb = np.asarray(src.crop(box).resize((w, h), Image.LANCZOS))

    prob = segment(a.model, rgb)
    alpha = matte(rgb, prob, a.feather)
    fg = foreground_colours(rgb, alpha, r=max(3, int(a.feather * 2)))
    if a.even_light:
        fg = even_light(fg, alpha, tuple(int(v) for v in a.even_light.split(",")))
    wall = tuple(int(v) for v in a.wall.split(","))
    bg = np.broadcast_to(np.array(wall, dtype=np.float64), fg.shape)
    out = alpha[..., None] * fg + (1 - alpha[..., None]) * bg
    Image.fromarray(np.clip(np.round(out), 0, 255).astype(np.uint8)).save(a.out, optimize=True)
    l_star, chroma = lightness_chroma(wall)
    print(f"{a.out}: {w}x{h}, wall sRGB {wall} (L* {l_star:.1f}, C* {chroma:.1f}), person {alpha.mean():.0%} of it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
