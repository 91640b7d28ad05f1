//! What Skranke asks the operating system (being built).
