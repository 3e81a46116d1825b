package org.atoll.kernel.internal.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Documents a resource method in the generated OpenAPI document ({@link OpenApi}). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Summary {

    /** One line saying what the operation does, e.g. {@code "Create a deployment"}. */
    String value();

    /**
     * The error responses besides 401 and 403 (which every operation gets), each {@code "NNN text"},
     * e.g. {@code "404 no such deployment"}. Entries with the same status are joined.
     */
    String[] errors() default {};
}
