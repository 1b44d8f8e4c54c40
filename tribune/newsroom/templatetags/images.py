from django import template

register = template.Library()


@register.inclusion_tag("newsroom/includes/picture.html")
def picture(image, sizes="100vw", loading="lazy", css_class=""):
    """Render `image` as a <picture>: WebP and fallback renditions in srcsets, with its size.

    Uses the renditions prefetched by the selectors; an image without renditions shows its original.
    """
    renditions = list(image.renditions.all())
    webp = [r for r in renditions if r.format == "webp"]
    fallback = sorted((r for r in renditions if r.format != "webp"), key=lambda r: r.width)
    largest = fallback[-1] if fallback else None
    return {
        "image": image,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
        "webp_srcset": ", ".join(f"{r.file.url} {r.width}w" for r in webp),
        "fallback_srcset": ", ".join(f"{r.file.url} {r.width}w" for r in fallback),
        "fallback_type": largest.mime_type if largest else "",
        "src": largest.file.url if largest else image.original.url,
    }
