// Starts Swagger UI (vendor/swagger-ui, from the npm package swagger-ui-dist) on the /docs page over the
// atlas's own OpenAPI description. No validator badge: it would call validator.swagger.io.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("swagger-ui");
  if (!element || typeof SwaggerUIBundle === "undefined") return;
  SwaggerUIBundle({ url: element.dataset.spec, domNode: element, validatorUrl: null, deepLinking: true });
});
