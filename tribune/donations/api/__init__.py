"""The donations' part of the JSON API: a campaign's goal meter, read by the embeddable script
(static/donations/goal.js) from this site's pages and from the hosts allowed to embed."""
