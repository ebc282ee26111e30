"""Bundled plugins: features and city adaptations, each registered under the exitfi.plugins entry point."""
