from django.core.files.uploadedfile import UploadedFile
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError

from tribune.core.errors import DomainError

from ..models import Image

# Pillow refuses to open anything larger than this many pixels (a decompression bomb).
PillowImage.MAX_IMAGE_PIXELS = 60_000_000


class ImageInvalidError(DomainError):
    code = "image_invalid"


def image_create(*, file: UploadedFile, alt_text: str, caption: str = "", credit: str = "") -> Image:
    """Store an uploaded picture after checking that Pillow can read it.

    Raises ImageInvalidError when the file is not an image Pillow knows.
    """
    try:
        with PillowImage.open(file) as probe:
            probe.verify()
    except (UnidentifiedImageError, OSError, PillowImage.DecompressionBombError) as exc:
        raise ImageInvalidError(f"“{file.name}” is not an image we can read ({exc}).") from None
    file.seek(0)
    image = Image(alt_text=alt_text, caption=caption, credit=credit)
    image.original.save(file.name, file, save=False)
    image.save()
    return image
