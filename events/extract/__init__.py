"""Arabic news extraction: pure Python, no Django imports (see pipeline.extract)."""
