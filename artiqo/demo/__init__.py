"""The demo marketplace: a composition root, the one package besides `artiqo.urls` that may import every layer.

It builds pages (home), artists and artworks (shop) through each layer's own services, so it
cannot live inside any one of them without that layer importing the ones above it.
"""
