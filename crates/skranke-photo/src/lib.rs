//! Portrait analysis: face detection and landmarks (tract-onnx), the Danish/ICAO quality checks and the 35x45 crop.
#![deny(missing_docs)]
