"""Newsroom: articles, images and sections, and the pages that show them."""
