"""LLM layer: prompt registry, OpenAI-compatible client wrapper (and, elsewhere, the drafters)."""
