package org.atoll.kernel.internal.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The type of the body a resource method answers with, for methods whose Java return type does not say
 * (a {@code javax.ws.rs.core.Response}, or void with an {@code AsyncResponse}). Read by {@link OpenApi};
 * when present it wins over the return type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Returns {

    /** The type of the body, or of each element when {@link #list()}. */
    Class<?> value();

    /** The body is a JSON array of {@link #value()}. */
    boolean list() default false;
}
