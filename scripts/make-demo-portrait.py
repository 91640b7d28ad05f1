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

A second step (`turn`) re-poses the head of the result: the FaceMesh points (measured by the
still check's own models, `cargo run --release -p skranke-photo --example landmarks-json`) are
turned in 3-D about the head, as the accuracy bench's yaw/pitch defect generator turns them
(crates/skranke-photo/src/bin/skranke-photo-bench/defects.rs, `turn_face`), and the image is
warped along them. Where that generator warps triangle by triangle, this warp is a smooth field
interpolated from the points' displacements (a Gaussian-weighted mean): turning a face BACK to
frontal uncovers its far side, whose points lie crowded and partly hidden along the silhouette,
and triangles there fold over and draw the jaw line twice.

Usage: make-demo-portrait.py cutout SOURCE MODEL OUT --crop ... ;
       make-demo-portrait.py turn IN LANDMARKS_JSON OUT --yaw DEG [--pitch DEG]
"""

import json

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


def bilinear(img: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Bilinear read of an HxWx3 float image at real positions (clamped to the image)."""
    h, w = img.shape[:2]
    x, y = np.clip(x, 0, w - 1), np.clip(y, 0, h - 1)
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    x1, y1 = np.minimum(x0 + 1, w - 1), np.minimum(y0 + 1, h - 1)
    ax, ay = (x - x0)[..., None], (y - y0)[..., None]
    top = img[y0, x0] * (1 - ax) + img[y0, x1] * ax
    bottom = img[y1, x0] * (1 - ax) + img[y1, x1] * ax
    return top * (1 - ay) + bottom * ay


def turned_points(points: np.ndarray, yaw_deg: float, pitch_deg: float) -> np.ndarray:
    """Where the FaceMesh points (x, y, depth z; source pixels, z towards the camera negative)
    land when the head turns by `yaw_deg` about a vertical axis and then `pitch_deg` about a
    horizontal one, both through the points' centre and half a face width behind the face's
    surface: the same rotation as the bench's `turn_face` (positive yaw: the person's left side
    goes away; positive pitch: chin up). Returns the new (x, y) of each point."""
    cx, cy = points[:, 0].mean(), points[:, 1].mean()
    width = points[:, 0].max() - points[:, 0].min()
    cz = points[:, 2].mean() + 0.5 * width
    sy, cyw = np.sin(np.radians(yaw_deg)), np.cos(np.radians(yaw_deg))
    sp, cp = np.sin(np.radians(pitch_deg)), np.cos(np.radians(pitch_deg))
    dx, dz = points[:, 0] - cx, points[:, 2] - cz
    x, z = cx + dx * cyw - dz * sy, cz + dx * sy + dz * cyw
    dy, dz = points[:, 1] - cy, z - cz
    return np.stack([x, cy + dy * cp + dz * sp], axis=1)


def turn_head(rgb: np.ndarray, points: np.ndarray, yaw_deg: float, pitch_deg: float, smooth: float) -> np.ndarray:
    """Re-poses the face: each output pixel near the face reads the image at its position minus
    a displacement field, the Gaussian-weighted mean (sigma `smooth` x the face width) of the
    points' moves taken at their new positions, faded to zero towards an ellipse 0.85 face
    widths/heights around the face (so hair, ears and wall stay put). A smooth field cannot fold,
    so the uncovered far side of the face is stretched, never drawn twice."""
    img = rgb.astype(np.float64)
    h, w = img.shape[:2]
    dst = turned_points(points, yaw_deg, pitch_deg)
    move = dst - points[:, :2]
    cx, cy = points[:, 0].mean(), points[:, 1].mean()
    fw, fh = np.ptp(points[:, 0]), np.ptp(points[:, 1])
    sigma, rx, ry = smooth * fw, 0.85 * fw, 0.85 * fh
    ys = np.arange(max(0, int(cy - ry)), min(h, int(cy + ry) + 1))
    xs = np.arange(max(0, int(cx - rx)), min(w, int(cx + rx) + 1))
    gx, gy = np.meshgrid(xs.astype(np.float64), ys.astype(np.float64))
    t = np.clip((1.0 - np.hypot((gx - cx) / rx, (gy - cy) / ry)) / 0.35, 0.0, 1.0)
    fade = t * t * (3 - 2 * t)
    field = np.zeros(gx.shape + (2,))
    for r in range(0, len(ys), 64):  # in bands of rows: pixels x points weights
        px, py = gx[r : r + 64, :, None], gy[r : r + 64, :, None]
        wgt = np.exp(-((px - dst[:, 0]) ** 2 + (py - dst[:, 1]) ** 2) / (2 * sigma * sigma))
        field[r : r + 64] = (wgt @ move) / np.maximum(wgt.sum(axis=-1), 1e-12)[..., None]
    field *= fade[..., None]
    out = img.copy()
    out[ys[0] : ys[-1] + 1, xs[0] : xs[-1] + 1] = bilinear(img, gx - field[..., 0], gy - field[..., 1])
    return out


def turn(a: argparse.Namespace) -> int:
    """The `turn` step: re-poses the head of a finished portrait along its landmarks."""
    rgb = np.asarray(Image.open(a.image).convert("RGB"))
    with open(a.landmarks, encoding="utf-8") as f:
        marks = json.load(f)
    points = np.array([[q["x"], q["y"], q["z"]] for q in marks["points"]], dtype=np.float64)
    out = turn_head(rgb, points, a.yaw, a.pitch, a.smooth)
    Image.fromarray(np.clip(np.round(out), 0, 255).astype(np.uint8)).save(a.out, optimize=True)
    print(f"{a.out}: head turned by {a.yaw} deg of yaw and {a.pitch} deg of pitch (measured yaw before: {marks.get('yaw')})")
    return 0


def cutout(a: argparse.Namespace) -> int:
    """The `cutout` step: crop, level, cut out, set on the wall."""
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


def main() -> int:
    top = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = top.add_subparsers(dest="step", required=True)
    p = steps.add_parser("cutout", help="crop, level and cut out the person onto a plain wall")
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
    t = steps.add_parser("turn", help="re-pose the head along its FaceMesh points")
    t.add_argument("image", help="the portrait (PNG) to re-pose")
    t.add_argument("landmarks", help="its landmarks: JSON of the landmarks-json example")
    t.add_argument("out", help="PNG to write")
    t.add_argument("--yaw", type=float, required=True, help="degrees about the vertical axis")
    t.add_argument("--pitch", type=float, default=0.0, help="degrees about the horizontal axis")
    t.add_argument(
        "--smooth", type=float, default=0.08, help="sigma of the displacement field, in face widths"
    )
    a = top.parse_args()
    return cutout(a) if a.step == "cutout" else turn(a)


if __name__ == "__main__":
    sys.exit(main())
