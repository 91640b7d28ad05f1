//! One loaded ONNX model whose input is an RGB square (tract, input fixed at load), as all three
//! face models are: loading, running, and turning tract's errors and the models' logits into the
//! crate's terms. Knows nothing of faces, so the detector and the landmark models share it.
use std::path::Path;

use tract_onnx::prelude::*;

use crate::PhotoError;

/// A loaded model whose one input is an RGB square, 1 x size x size x 3 (NHWC), as all three
/// face models take.
pub(crate) struct SquareModel {
    plan: TypedSimplePlan<TypedModel>,
    size: usize,
}

impl SquareModel {
    /// Loads `path` with its input fixed to `size` x `size`; a missing file is `ModelMissing`.
    pub(crate) fn load(path: &Path, size: usize) -> Result<Self, PhotoError> {
        if !path.is_file() {
            return Err(PhotoError::ModelMissing(path.to_path_buf()));
        }
        let plan = tract_onnx::onnx()
            .model_for_path(path)
            .and_then(|m| m.with_input_fact(0, f32::fact([1, size, size, 3]).into()))
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(model_err)?;
        Ok(Self { plan, size })
    }

    /// The side of the input square, pixels.
    pub(crate) fn size(&self) -> usize {
        self.size
    }

    /// Runs the model on `size * size * 3` values (row by row, RGB) and returns its outputs as
    /// float vectors, in the model's output order.
    pub(crate) fn run(&self, rgb: &[f32]) -> Result<Vec<Vec<f32>>, PhotoError> {
        let input = Tensor::from_shape(&[1, self.size, self.size, 3], rgb).map_err(model_err)?;
        let out = self.plan.run(tvec!(input.into())).map_err(model_err)?;
        out.iter().map(|t| Ok(t.as_slice::<f32>().map_err(model_err)?.to_vec())).collect()
    }
}

/// A tract failure as the photo error (the chain, for the log).
fn model_err(e: TractError) -> PhotoError {
    PhotoError::Model(format!("{e:#}"))
}

/// The logistic function, for the models' score and presence logits.
pub(crate) fn sigmoid(logit: f32) -> f64 {
    1.0 / (1.0 + (-(logit.clamp(-80.0, 80.0)) as f64).exp())
}
