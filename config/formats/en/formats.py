# English dates as the forum has always shown them ("5 Dec 2026"), not Django's
# American default ("Dec. 5, 2026"). Other languages use Django's own formats.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
